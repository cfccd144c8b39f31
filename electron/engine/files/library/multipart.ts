// Streaming multipart/form-data reader (RFC 7578): parts are read one after another straight off the request,
// a file part's body is handed out chunk by chunk (never buffered whole), so uploads of any size use constant memory.
import { FarmError } from '../../../shared/contract/envelope.js';
import { SizeLimitError } from './content-store.js';

export class MultipartError extends FarmError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'MultipartError';
  }
}

export interface PartHeaders {
  /** The form field name (`file`, `path`, `print`, `select`…). */
  name: string;
  /** Present for file parts. */
  filename: string | null;
  contentType: string | null;
}

export interface Part extends PartHeaders {
  /** The body, chunk by chunk; read it fully (or not at all) before asking for the next part. */
  body: AsyncIterable<Buffer>;
  /** Read a small field as UTF-8, refusing more than maxBytes. */
  text(maxBytes?: number): Promise<string>;
}

export interface MultipartLimits {
  maxHeaderBytes?: number;
  maxParts?: number;
  /** The whole body, every part included (skipped parts too): beyond it the read stops with SizeLimitError. */
  maxTotalBytes?: number;
}

/** The boundary of a `multipart/form-data; boundary=…` Content-Type, or null when it is not one. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const [type, ...params] = splitParams(contentType);
  if (type.trim().toLowerCase() !== 'multipart/form-data') return null;
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    if (param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    const value = unquote(param.slice(eq + 1).trim());
    // RFC 2046: 1–70 characters.
    return value.length >= 1 && value.length <= 70 ? value : null;
  }
  return null;
}

type State = 'preamble' | 'after-delimiter' | 'body' | 'done';

export class MultipartReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  /** CRLF "--" boundary: what ends every body. */
  private readonly delimiter: Buffer;
  // A virtual CRLF in front lets the first delimiter (which has none) match like every other one.
  private buffer: Buffer = Buffer.from('\r\n');
  private state: State = 'preamble';
  private sourceEnded = false;
  private parts = 0;
  private readonly maxHeaderBytes: number;
  private readonly maxParts: number;
  private readonly maxTotalBytes: number;
  private totalBytes = 0;

  constructor(source: AsyncIterable<Uint8Array>, boundary: string, limits: MultipartLimits = {}) {
    this.iterator = source[Symbol.asyncIterator]();
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
    this.maxHeaderBytes = limits.maxHeaderBytes ?? 16 * 1024;
    this.maxParts = limits.maxParts ?? 32;
    this.maxTotalBytes = limits.maxTotalBytes ?? Number.POSITIVE_INFINITY;
  }

  /** The next part, or null after the closing delimiter. A part whose body was not read is skipped. */
  async next(): Promise<Part | null> {
    if (this.state === 'body') while ((await this.readBodyChunk()) !== null);
    if (this.state === 'preamble') await this.skipPreamble();
    if (this.state === 'done') return null;
    // After a delimiter: "--" closes the body; otherwise optional padding then CRLF, then the part's headers.
    await this.need(2, 'a part or the closing delimiter');
    if (this.buffer[0] === 0x2d && this.buffer[1] === 0x2d) {
      this.state = 'done';
      return null;
    }
    await this.skipLinePadding();
    if (++this.parts > this.maxParts) throw new MultipartError(`The upload has more than ${this.maxParts} parts.`);
    const headers = await this.readHeaders();
    this.state = 'body';
    const body: AsyncIterable<Buffer> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const chunk = await this.readBodyChunk();
          return chunk === null ? { done: true as const, value: undefined } : { done: false as const, value: chunk };
        },
      }),
    };
    const text = async (maxBytes = 64 * 1024) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of body) {
        size += chunk.length;
        if (size > maxBytes) throw new MultipartError(`The form field '${headers.name}' is longer than ${maxBytes} bytes.`);
        chunks.push(chunk);
      }
      return Buffer.concat(chunks).toString('utf8');
    };
    return { ...headers, body, text };
  }

  /**
   * Read and drop whatever the client is still sending (after a refusal), through the same iterator so the stream is
   * not left half-consumed. False when more than limitBytes remain or the connection failed.
   */
  async discardRest(limitBytes: number): Promise<boolean> {
    this.buffer = Buffer.alloc(0);
    this.state = 'done';
    let seen = 0;
    try {
      while (!this.sourceEnded) {
        const { done, value } = await this.iterator.next();
        if (done) this.sourceEnded = true;
        else if ((seen += value.byteLength) > limitBytes) return false;
      }
      return true;
    } catch {
      return false;
    }
  }

  /** Next slice of the current body, or null once its delimiter was reached. */
  private async readBodyChunk(): Promise<Buffer | null> {
    if (this.state !== 'body') return null;
    for (;;) {
      const at = this.buffer.indexOf(this.delimiter);
      if (at >= 0) {
        const chunk = this.buffer.subarray(0, at);
        this.buffer = this.buffer.subarray(at + this.delimiter.length);
        this.state = 'after-delimiter';
        if (chunk.length > 0) return chunk;
        return null;
      }
      // Keep what could be the start of a delimiter split across two network chunks.
      const keep = this.delimiter.length - 1;
      if (this.buffer.length > keep) {
        const chunk = this.buffer.subarray(0, this.buffer.length - keep);
        this.buffer = this.buffer.subarray(this.buffer.length - keep);
        return chunk;
      }
      if (!(await this.fill())) throw new MultipartError('The upload ended before the file was complete (connection closed mid-body).');
    }
  }

  private async skipPreamble(): Promise<void> {
    for (;;) {
      const at = this.buffer.indexOf(this.delimiter);
      if (at >= 0) {
        this.buffer = this.buffer.subarray(at + this.delimiter.length);
        this.state = 'after-delimiter';
        return;
      }
      const keep = this.delimiter.length - 1;
      if (this.buffer.length > keep) this.buffer = this.buffer.subarray(this.buffer.length - keep);
      if (!(await this.fill())) throw new MultipartError('The body is not multipart/form-data with the announced boundary.');
    }
  }

  private async skipLinePadding(): Promise<void> {
    // RFC 2046 allows linear whitespace between the boundary and its CRLF.
    for (;;) {
      await this.need(1, 'the end of the boundary line');
      const c = this.buffer[0];
      if (c === 0x20 || c === 0x09) {
        this.buffer = this.buffer.subarray(1);
        continue;
      }
      break;
    }
    await this.need(2, 'the end of the boundary line');
    if (this.buffer[0] !== 0x0d || this.buffer[1] !== 0x0a) throw new MultipartError('Malformed multipart body: a boundary line does not end with CRLF.');
    this.buffer = this.buffer.subarray(2);
  }

  private async readHeaders(): Promise<PartHeaders> {
    let end: number;
    for (;;) {
      // A part with no header lines starts its blank line at once.
      if (this.buffer.length >= 2 && this.buffer[0] === 0x0d && this.buffer[1] === 0x0a) {
        end = 0;
        break;
      }
      end = this.buffer.indexOf('\r\n\r\n');
      if (end >= 0) {
        end += 2;
        break;
      }
      if (this.buffer.length > this.maxHeaderBytes) throw new MultipartError(`A part's headers are longer than ${this.maxHeaderBytes} bytes.`);
      if (!(await this.fill())) throw new MultipartError('The upload ended inside a part header.');
    }
    const block = this.buffer.subarray(0, end).toString('utf8');
    this.buffer = this.buffer.subarray(end + 2);
    let disposition: string | null = null;
    let contentType: string | null = null;
    for (const line of block.split('\r\n')) {
      if (line === '') continue;
      const colon = line.indexOf(':');
      if (colon <= 0) throw new MultipartError('Malformed multipart part header line.');
      const key = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (key === 'content-disposition') disposition = value;
      else if (key === 'content-type') contentType = value;
    }
    if (!disposition) throw new MultipartError('A multipart part has no Content-Disposition header.');
    const [kind, ...params] = splitParams(disposition);
    if (kind.trim().toLowerCase() !== 'form-data') throw new MultipartError(`A multipart part is '${kind.trim()}', not form-data.`);
    let name: string | null = null;
    let filename: string | null = null;
    let filenameStar: string | null = null;
    for (const param of params) {
      const eq = param.indexOf('=');
      if (eq < 0) continue;
      const key = param.slice(0, eq).trim().toLowerCase();
      const raw = param.slice(eq + 1).trim();
      if (key === 'name') name = unquote(raw);
      else if (key === 'filename') filename = unquote(raw);
      else if (key === 'filename*') filenameStar = decodeExtValue(raw);
    }
    if (name === null) throw new MultipartError('A multipart part has no field name.');
    return { name, filename: filenameStar ?? filename, contentType };
  }

  private async need(bytes: number, what: string): Promise<void> {
    while (this.buffer.length < bytes) {
      if (!(await this.fill())) throw new MultipartError(`The upload ended early: expected ${what}.`);
    }
  }

  private async fill(): Promise<boolean> {
    if (this.sourceEnded) return false;
    const { done, value } = await this.iterator.next();
    if (done) {
      this.sourceEnded = true;
      return false;
    }
    const chunk = Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    this.totalBytes += chunk.length;
    if (this.totalBytes > this.maxTotalBytes) throw new SizeLimitError(this.maxTotalBytes);
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    return true;
  }
}

/** Split `a; b="x;y"; c` on semicolons outside quotes. */
function splitParams(value: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '"' && value[i - 1] !== '\\') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

function unquote(value: string): string {
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) return value.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return value;
}

/** RFC 5987 ext-value: UTF-8''percent-encoded. */
function decodeExtValue(raw: string): string | null {
  const match = /^([A-Za-z0-9!#$%&+^_`{}~-]+)'[^']*'(.*)$/.exec(raw);
  if (!match) return null;
  try {
    return match[1].toLowerCase() === 'utf-8' ? decodeURIComponent(match[2]) : unescape(match[2]);
  } catch {
    return null;
  }
}
