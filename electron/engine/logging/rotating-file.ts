// Size-based rotating log file: printfarm.log → printfarm.log.1 → … → .N, the oldest dropped. Written synchronously
// so the last lines before a crash are on disk (logs are few: warn level by default).
import fs from 'node:fs';
import path from 'node:path';

export interface RotatingFileOptions {
  file: string;
  /** Rotate when the current file would grow past this. */
  maxBytes: number;
  /** Rotated files kept besides the current one. */
  keep: number;
}

export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(private readonly options: RotatingFileOptions) {
    if (options.maxBytes <= 0 || options.keep < 0) throw new Error('maxBytes must be > 0 and keep ≥ 0');
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.fd = fs.openSync(options.file, 'a');
    this.size = fs.fstatSync(this.fd).size;
  }

  /** pino calls this with one serialized line at a time. */
  write(chunk: string | Uint8Array): boolean {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // A line is never split across files; a single line larger than maxBytes gets a file of its own.
    if (this.size > 0 && this.size + bytes.length > this.options.maxBytes) this.rotate();
    fs.writeSync(this.fd, bytes);
    this.size += bytes.length;
    return true;
  }

  /** Files that exist now, newest first (current file, .1, .2, …). */
  files(): string[] {
    const out = [this.options.file];
    for (let i = 1; i <= this.options.keep; i++) if (fs.existsSync(`${this.options.file}.${i}`)) out.push(`${this.options.file}.${i}`);
    return out;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    const { file, keep } = this.options;
    if (keep === 0) {
      fs.rmSync(file, { force: true });
    } else {
      fs.rmSync(`${file}.${keep}`, { force: true });
      for (let i = keep - 1; i >= 1; i--) if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
      fs.renameSync(file, `${file}.1`);
    }
    this.fd = fs.openSync(file, 'a');
    this.size = 0;
  }
}
