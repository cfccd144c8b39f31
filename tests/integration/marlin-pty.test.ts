// Real pty (socat pair) + serialport in the sender worker + the virtual Marlin on the far end, with faults injected:
// the executed command log must equal the file's commands exactly; an unplug leaves the job interrupted at the right line.
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareJob } from '../../electron/engine/drivers/marlin/job-source.js';
import { openWorkerSender, terminateSenderWorkers, type SenderHandle } from '../../electron/engine/drivers/marlin/sender-host.js';
import type { SenderEvent } from '../../electron/engine/drivers/marlin/sender.js';
import type { VirtualMarlinOptions } from '../../electron/engine/drivers/virtual/marlin/firmware.js';
import { attachSimToPty } from '../../electron/engine/drivers/virtual/marlin/link.js';
import { startPtyPair, type PtyPair } from '../../electron/engine/drivers/virtual/marlin/pty-pair.js';
import { ensureDebianPackages } from '../support/debian.js';

const fixture = (name: string) => new URL(`../fixtures/marlin/${name}`, import.meta.url).pathname;
const BOX = fixture('box-ender3.gcode');
const DENSE = fixture('dense-ribbed-head.gcode');
const FAST: VirtualMarlinOptions = { baud: 250000, plannerSpeed: 1000, accel: 1e6, homingMs: 5, heaterTauMs: 5, bedTauMs: 5, dwellScale: 0.001 };

let cleanups: (() => Promise<void>)[] = [];
beforeAll(() => ensureDebianPackages(['socat']));
afterEach(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  cleanups = [];
});
afterAll(async () => {
  await terminateSenderWorkers();
});

async function rig(sim: VirtualMarlinOptions, sender: Parameters<typeof openWorkerSender>[2] = {}) {
  const pair: PtyPair = await startPtyPair();
  cleanups.push(() => pair.stop());
  const v = await attachSimToPty(pair.simPath, { ...FAST, ...sim });
  cleanups.push(() => v.stop());
  const handle: SenderHandle = await openWorkerSender(pair.hostPath, 250000, { okTimeoutMs: 1000, ...sender });
  cleanups.push(() => handle.close());
  const events: SenderEvent[] = [];
  handle.on((e) => events.push(e));
  // Wait for the boot banner before the hello, as the driver does (bounded: a banner written before the host
  // opened its end of the pty may be gone).
  const t0 = Date.now();
  while (!events.some((e) => e.type === 'line' && e.text === 'start') && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 10));
  await handle.resetLineNumbers();
  return { pair, sim: v.sim, handle, events };
}

function finished(handle: SenderHandle): Promise<SenderEvent> {
  return new Promise((resolve) => {
    handle.on((e) => {
      if (e.type === 'job-done' || e.type === 'job-interrupted') resolve(e);
    });
  });
}

const jobCommands = (path: string, lines?: number) => {
  const text = readFileSync(path, 'latin1');
  return prepareJob('x', lines ? text.split('\n').slice(0, lines).join('\n') : text).commands;
};
const executed = (sim: { executed: { cmd: string }[] }) => sim.executed.map((c) => c.cmd).filter((c) => c !== 'M110 N0' && c !== 'M105');

describe('marlin streaming over a real pty', () => {
  it('streams a real file with 1% checksum corruption, resend storms and duplicated resends: nothing lost, nothing doubled', async () => {
    const { sim, handle } = await rig({ seed: 21, faults: { checksumCorruptionRate: 0.01, resendStormRate: 0.002, stormLength: 5, duplicateResendRate: 0.5 } });
    const done = finished(handle);
    await handle.startJob({ name: 'box', path: BOX });
    const ev = await done;
    expect(ev.type).toBe('job-done');
    expect(executed(sim)).toEqual(jobCommands(BOX));
    const stats = await handle.stats();
    expect(stats.resends).toBeGreaterThan(10);
    expect(sim.counters.rxOverflowBytes).toBe(0);
  });

  it('dense segments with lost oks and dropped lines (ADVANCED_OK) stream exactly', async () => {
    const text = readFileSync(DENSE, 'latin1').split('\n').slice(0, 3000).join('\n');
    const { sim, handle } = await rig({ seed: 5, advancedOk: true, faults: { lostOkRate: 0.01, dropLineRate: 0.002, checksumCorruptionRate: 0.005 } });
    const done = finished(handle);
    await handle.startJob({ name: 'dense', text });
    expect((await done).type).toBe('job-done');
    expect(sim.counters.oksLost).toBeGreaterThan(5);
    expect(sim.counters.rxOverflowBytes).toBe(0);
    expect(executed(sim)).toEqual(prepareJob('d', text).commands);
  });

  it('unplug mid-print: the job is interrupted at the last acknowledged line, and every acked line was executed', async () => {
    const { pair, sim, handle } = await rig({ plannerSpeed: 40, accel: 3000 });
    const done = finished(handle);
    await handle.startJob({ name: 'box', path: BOX });
    const commands = jobCommands(BOX);
    while (executed(sim).length < 400) await new Promise((r) => setTimeout(r, 20));
    await pair.stop(); // socat dies: both pty ends vanish
    const ev = await done;
    expect(ev.type).toBe('job-interrupted');
    if (ev.type !== 'job-interrupted') return;
    const ran = executed(sim);
    const acked = ev.progress.acked;
    expect(acked).toBeGreaterThan(350);
    // Everything acknowledged was executed, in order; at most a window's worth more was executed than acknowledged.
    expect(ran.slice(0, acked)).toEqual(commands.slice(0, acked));
    expect(ran.length - acked).toBeLessThanOrEqual(12);
    const job = prepareJob('box', readFileSync(BOX, 'latin1'));
    expect(ev.progress.lastAckedLine).toBe(job.sourceLine[acked - 1]);
    expect(ev.progress.filePosition).toBe(job.endOffset[acked - 1]);
  });
});
