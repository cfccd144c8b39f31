// Reads a file in fixed chunks and hands out lines as byte ranges of one reused Buffer (no per-line strings).
import type { FileHandle } from 'node:fs/promises';
import { FarmError } from '../../../shared/contract/envelope.js';

export const CHUNK_BYTES = 1 << 20;
/** Lines longer than this are cut (the rest skipped) so memory stays bounded on pathological input. */
export const MAX_LINE_BYTES = 1 << 16;

export interface LineSink {
  /** One line without its newline; `offset` is the file offset of buf[start]. */
  line(buf: Buffer, start: number, end: number, offset: number): void;
}

export interface ScanResult {
  lines: number;
  /** The last line had no newline (a cut-short upload/copy usually ends like that). */
  unterminatedLastLine: boolean;
  /** Lines cut at MAX_LINE_BYTES. */
  longLines: number;
}

export interface ScanOptions {
  from?: number;
  to?: number;
  signal?: AbortSignal;
  onChunk?(bytesDone: number): void;
  /** Reject chunks that look binary (NUL bytes). */
  rejectBinary?: boolean;
}

export async function scanLines(fh: FileHandle, sink: LineSink, options: ScanOptions = {}): Promise<ScanResult> {
  const from = options.from ?? 0;
  const to = options.to ?? Number.MAX_SAFE_INTEGER;
  const buf = Buffer.allocUnsafe(CHUNK_BYTES + MAX_LINE_BYTES);
  let carry = 0; // bytes of an unfinished line kept at buf[0..carry)
  let carryOffset = from; // file offset of buf[0]
  let position = from;
  let skipping = false; // inside an over-long line: drop bytes until the next newline
  const result: ScanResult = { lines: 0, unterminatedLastLine: false, longLines: 0 };
  for (;;) {
    if (options.signal?.aborted) throw new FarmError('timeout', 'Analysis aborted.');
    const want = Math.min(CHUNK_BYTES, to - position);
    const { bytesRead } = want > 0 ? await fh.read(buf, carry, want, position) : { bytesRead: 0 };
    if (bytesRead === 0) break;
    const end = carry + bytesRead;
    if (options.rejectBinary && looksBinary(buf, carry, end)) {
      throw new FarmError('invalid-input', `Not a G-code text file: binary data (NUL bytes) at byte ${position}.`);
    }
    position += bytesRead;
    const view = buf.subarray(0, end);
    let lineStart = 0;
    let nl = view.indexOf(10, carry);
    while (nl !== -1) {
      if (skipping) skipping = false;
      else sink.line(buf, lineStart, nl, carryOffset + lineStart);
      result.lines++;
      lineStart = nl + 1;
      nl = view.indexOf(10, lineStart);
    }
    const rest = end - lineStart;
    if (skipping) {
      carry = 0;
      carryOffset += end;
    } else if (rest > MAX_LINE_BYTES) {
      // Hand out the first MAX_LINE_BYTES of the monster line, then skip to its newline.
      sink.line(buf, lineStart, lineStart + MAX_LINE_BYTES, carryOffset + lineStart);
      result.longLines++;
      skipping = true;
      carry = 0;
      carryOffset += end;
    } else {
      if (rest > 0 && lineStart > 0) buf.copy(buf, 0, lineStart, end);
      carryOffset += lineStart;
      carry = rest;
    }
    options.onChunk?.(position - from);
  }
  if (carry > 0 && !skipping) {
    sink.line(buf, 0, carry, carryOffset);
    result.lines++;
    result.unterminatedLastLine = true;
  } else if (skipping) {
    result.unterminatedLastLine = true;
  }
  return result;
}

/** NUL bytes never occur in G-code; a few are tolerated (stray corruption), a run of them is a binary/sparse file. */
function looksBinary(buf: Buffer, from: number, end: number): boolean {
  const rel = buf.subarray(from, end).indexOf(0);
  if (rel === -1) return false;
  const first = from + rel;
  let nuls = 0;
  const sampleEnd = Math.min(end, first + 4096);
  for (let i = first; i < sampleEnd; i++) if (buf[i] === 0) nuls++;
  return nuls > 16;
}
