// Content-addressed blob store: bytes stream to a temp file while SHA-256 is computed, then land at <root>/<aa>/<sha256>.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { FarmError } from '../../../shared/contract/envelope.js';

/** Thrown when a stream goes past its byte limit; the upload API answers 413 for it. */
export class SizeLimitError extends FarmError {
  constructor(readonly limitBytes: number) {
    super('invalid-input', `The file is larger than the ${formatBytes(limitBytes)} limit.`);
    this.name = 'SizeLimitError';
  }
}

export interface StoredBlob {
  sha256: string;
  size: number;
  /** True when a blob with this hash was already stored (no second copy was kept). */
  existed: boolean;
}

export interface StagedBlob {
  sha256: string;
  size: number;
  tempPath: string;
}

export interface IngestOptions {
  maxBytes?: number;
  /** Called with the running byte count, at most every 64 KiB chunk. */
  onBytes?(bytes: number): void;
  signal?: AbortSignal;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 1024 ** 3;

/** The size limit: PRINTFARM_MAX_UPLOAD_MB when set (headless boxes with small disks), else 1 GiB. */
export function configuredMaxUploadBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.PRINTFARM_MAX_UPLOAD_MB);
  return Number.isFinite(mb) && mb > 0 ? Math.floor(mb * 1024 * 1024) : DEFAULT_MAX_UPLOAD_BYTES;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class ContentStore {
  private readonly incomingDir: string;

  constructor(readonly root: string) {
    this.incomingDir = path.join(root, '.incoming');
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.incomingDir, { recursive: true });
    // Leftovers of uploads interrupted by a crash: nothing refers to them.
    for (const entry of await fsp.readdir(this.incomingDir)) {
      await fsp.rm(path.join(this.incomingDir, entry), { force: true });
    }
  }

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new FarmError('invalid-input', 'Not a SHA-256 hex digest.');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await fsp.access(this.pathOf(sha256));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Stream bytes into a temp file beside the store. Nothing is buffered beyond one chunk: the temp file grows as
   * bytes arrive, the hash is updated per chunk, and the limit is checked before each write. The caller then
   * `commit`s (inside its own lock, so a concurrent delete cannot remove a blob it is about to refer to) or `discard`s.
   */
  async stage(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, options: IngestOptions = {}): Promise<StagedBlob> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const tempPath = path.join(this.incomingDir, `${randomUUID()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    try {
      await pipeline(
        source as AsyncIterable<Uint8Array>,
        async function* meter(chunks: AsyncIterable<Uint8Array>) {
          for await (const chunk of chunks) {
            size += chunk.byteLength;
            if (size > maxBytes) throw new SizeLimitError(maxBytes);
            hash.update(chunk);
            options.onBytes?.(size);
            yield chunk;
          }
        },
        fs.createWriteStream(tempPath, { flags: 'wx', highWaterMark: 1 << 20 }),
        { signal: options.signal },
      );
      return { sha256: hash.digest('hex'), size, tempPath };
    } catch (error) {
      await fsp.rm(tempPath, { force: true });
      throw error;
    }
  }

  /** Move a staged file to its content address; when the blob already exists the staged copy is dropped. */
  async commit(staged: StagedBlob): Promise<StoredBlob> {
    const { sha256, size, tempPath } = staged;
    const finalPath = this.pathOf(sha256);
    if (await this.has(sha256)) {
      await fsp.rm(tempPath, { force: true });
      return { sha256, size, existed: true };
    }
    // fsync before the rename so a crash cannot leave a named blob with missing bytes (invariant 5: stored before told).
    const handle = await fsp.open(tempPath, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.mkdir(path.dirname(finalPath), { recursive: true });
    await fsp.rename(tempPath, finalPath);
    return { sha256, size, existed: false };
  }

  async discard(staged: StagedBlob): Promise<void> {
    await fsp.rm(staged.tempPath, { force: true });
  }

  /** stage + commit in one step (tests, tools). */
  async ingest(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, options: IngestOptions = {}): Promise<StoredBlob> {
    return this.commit(await this.stage(source, options));
  }

  /** Hash a file in place without copying it (used to spot a re-import before paying for a copy). */
  async hashFile(filePath: string, signal?: AbortSignal): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256');
    let size = 0;
    await pipeline(
      fs.createReadStream(filePath, { highWaterMark: 1 << 20 }),
      async (chunks: AsyncIterable<Buffer>) => {
        for await (const chunk of chunks) {
          size += chunk.byteLength;
          hash.update(chunk);
        }
      },
      { signal },
    );
    return { sha256: hash.digest('hex'), size };
  }

  /** Remove a blob (only when no file row or job history refers to it any more). */
  async remove(sha256: string): Promise<void> {
    await fsp.rm(this.pathOf(sha256), { force: true });
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1 << 30 && bytes % (1 << 30) === 0) return `${bytes / (1 << 30)} GiB`;
  if (bytes >= 1 << 20) return `${(bytes / (1 << 20)).toFixed(bytes % (1 << 20) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1 << 10) return `${(bytes / (1 << 10)).toFixed(0)} KiB`;
  return `${bytes} bytes`;
}
