// `printfarm send` and `printfarm ports` as a user runs them: a real file to the virtual printer over a socat pty.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareJob } from '../../electron/engine/drivers/marlin/job-source.js';
import { attachSimToPty } from '../../electron/engine/drivers/virtual/marlin/link.js';
import { startPtyPair, type PtyPair } from '../../electron/engine/drivers/virtual/marlin/pty-pair.js';
import type { VirtualMarlin } from '../../electron/engine/drivers/virtual/marlin/firmware.js';
import { ensureDebianPackages } from '../support/debian.js';

const CLI = new URL('../../bin/printfarm.mjs', import.meta.url).pathname;
const run = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [CLI, ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });

let pair: PtyPair;
let sim: { sim: VirtualMarlin; stop(): Promise<void> };
const dir = mkdtempSync(join(tmpdir(), 'marlin-cli-'));
const file = join(dir, 'part.gcode');

beforeAll(async () => {
  ensureDebianPackages(['socat']);
  const box = readFileSync(new URL('../fixtures/marlin/box-ender3.gcode', import.meta.url), 'latin1');
  writeFileSync(file, box.split('\n').slice(0, 1500).join('\n'));
  pair = await startPtyPair();
  sim = await attachSimToPty(pair.simPath, { baud: 250000, plannerSpeed: 1000, accel: 1e6, homingMs: 5, heaterTauMs: 5, bedTauMs: 5, dwellScale: 0.001, faults: { checksumCorruptionRate: 0.01 }, seed: 3 });
});
afterAll(async () => {
  await sim?.stop();
  await pair?.stop();
});

describe('printfarm send / ports', () => {
  it('streams a file over a pty, prints the JSON summary and exits 0 when every line was acknowledged', async () => {
    const r = await run(['send', file, '--port', pair.hostPath, '--baud', '250000', '--json', '--boot-wait', '300']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout.trim().split('\n').pop() as string);
    const commands = prepareJob('p', readFileSync(file, 'latin1')).commands;
    expect(summary).toMatchObject({ lines: commands.length });
    expect(Object.keys(summary).sort()).toEqual(['bytesPerSecond', 'errors', 'lines', 'linesPerSecond', 'resends', 'seconds']);
    expect(summary.resends).toBeGreaterThan(0);
    expect(sim.sim.executed.map((c) => c.cmd).filter((c) => c !== 'M110 N0' && c !== 'M105')).toEqual(commands);
  });

  it('exits non-zero when the port cannot be opened, and ports --json lists ports', async () => {
    const bad = await run(['send', file, '--port', join(dir, 'no-such-tty'), '--json']);
    expect(bad.code).not.toBe(0);
    const ports = await run(['ports', '--json']);
    expect(ports.code).toBe(0);
    expect(Array.isArray(JSON.parse(ports.stdout))).toBe(true);
  });
});
