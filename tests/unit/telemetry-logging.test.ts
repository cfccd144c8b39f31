// Logging: pino JSON lines into a size-rotated file set in the data dir, never more than keep+1 files.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileLogger, logFilePath } from '../../electron/engine/logging/logger.js';
import { RotatingFile } from '../../electron/engine/logging/rotating-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-log-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('RotatingFile', () => {
  it('rotates by size, keeps N old files, drops the oldest, and never splits a line', () => {
    const file = path.join(dir, 'a', 'x.log');
    const r = new RotatingFile({ file, maxBytes: 1000, keep: 3 });
    for (let i = 0; i < 200; i++) r.write(`line ${String(i).padStart(4, '0')} ${'x'.repeat(40)}\n`);
    r.close();
    const files = fs.readdirSync(path.dirname(file)).sort();
    expect(files).toEqual(['x.log', 'x.log.1', 'x.log.2', 'x.log.3']);
    for (const f of files) expect(fs.statSync(path.join(dir, 'a', f)).size).toBeLessThanOrEqual(1000);
    const lines = [3, 2, 1].flatMap((i) => fs.readFileSync(`${file}.${i}`, 'utf8').trim().split('\n'));
    lines.push(...fs.readFileSync(file, 'utf8').trim().split('\n'));
    // Oldest to newest, contiguous, ending with the last line written.
    expect(lines.at(-1)).toMatch(/^line 0199 x{40}$/);
    const numbers = lines.map((l) => Number(l.slice(5, 9)));
    for (let i = 1; i < numbers.length; i++) expect(numbers[i]).toBe(numbers[i - 1] + 1);
  });

  it('appends to an existing file across restarts and counts its size', () => {
    const file = path.join(dir, 'b.log');
    fs.writeFileSync(file, 'y'.repeat(900) + '\n');
    const r = new RotatingFile({ file, maxBytes: 1000, keep: 1 });
    r.write('z'.repeat(200) + '\n');
    r.close();
    expect(fs.readFileSync(`${file}.1`, 'utf8')).toBe('y'.repeat(900) + '\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('z'.repeat(200) + '\n');
  });
});

describe('createFileLogger', () => {
  it('writes structured JSON lines to <dataDir>/logs/printfarm.log', () => {
    const { log, close } = createFileLogger({ dataDir: dir, level: 'info' });
    log.warn({ method: 'printers.list', ms: 150 }, 'slow contract call');
    close();
    const line = JSON.parse(fs.readFileSync(logFilePath(dir), 'utf8').trim().split('\n').at(-1)!);
    expect(line).toMatchObject({ level: 40, method: 'printers.list', ms: 150, msg: 'slow contract call' });
  });
});
