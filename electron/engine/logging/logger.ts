// The engine's structured logger: pino JSON lines to a rotating file in the data directory (and warnings to stderr).
import path from 'node:path';
import pino from 'pino';
import { RotatingFile } from './rotating-file.js';

export interface FileLoggerOptions {
  dataDir: string;
  level?: string;
  /** Default 5 MiB × (1 + 4 kept) = at most 25 MiB of logs. */
  maxBytes?: number;
  keep?: number;
  /** Also copy warnings and errors to stderr (headless server, CLI). */
  stderr?: boolean;
}

export function logFilePath(dataDir: string): string {
  return path.join(dataDir, 'logs', 'printfarm.log');
}

export function createFileLogger(options: FileLoggerOptions): { log: pino.Logger; file: RotatingFile; close(): void } {
  const file = new RotatingFile({ file: logFilePath(options.dataDir), maxBytes: options.maxBytes ?? 5 * 1024 * 1024, keep: options.keep ?? 4 });
  const level = options.level ?? process.env.PRINTFARM_LOG_LEVEL ?? 'info';
  const streams: pino.StreamEntry[] = [{ level: level as pino.Level, stream: file }];
  if (options.stderr) streams.push({ level: 'warn', stream: pino.destination({ fd: 2, sync: true }) });
  const log = pino({ level, base: { pid: process.pid } }, pino.multistream(streams));
  return { log, file, close: () => file.close() };
}
