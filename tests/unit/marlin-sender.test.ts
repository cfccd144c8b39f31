// The windowed sender against the in-process virtual Marlin: exact executed log through every fault, windows, emergency.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareJob } from '../../electron/engine/drivers/marlin/job-source.js';
import { MarlinSender, type SenderEvent, type SenderOptions } from '../../electron/engine/drivers/marlin/sender.js';
import { createVirtualLink, type VirtualLink } from '../../electron/engine/drivers/virtual/marlin/link.js';
import type { VirtualMarlinOptions } from '../../electron/engine/drivers/virtual/marlin/firmware.js';
import { SimTicker } from '../../electron/engine/drivers/virtual/marlin/ticker.js';

const box = readFileSync(new URL('../fixtures/marlin/box-ender3.gcode', import.meta.url), 'latin1');
const FAST: VirtualMarlinOptions = { baud: null, plannerSpeed: 1e4, homingMs: 5, heaterTauMs: 5, bedTauMs: 5, dwellScale: 0.001, accel: 1e9 };

let links: VirtualLink[] = [];
let tickers: SimTicker[] = [];
afterEach(() => {
  for (const l of links) l.stop();
  for (const t of tickers) t.stop();
  links = [];
  tickers = [];
});

function setup(sim: VirtualMarlinOptions, sender: Partial<SenderOptions> = {}, timeScale = 1) {
  const ticker = new SimTicker(1, timeScale);
  tickers.push(ticker);
  const link = createVirtualLink({ ...FAST, ...sim }, ticker);
  links.push(link);
  const s = new MarlinSender(link.transport, { okTimeoutMs: 300, ...sender });
  const events: SenderEvent[] = [];
  s.on((e) => events.push(e));
  return { link, s, events };
}

function runJob(s: MarlinSender, text: string, slice?: number) {
  const job = prepareJob('t', slice ? text.split('\n').slice(0, slice).join('\n') : text);
  return {
    job,
    done: new Promise<SenderEvent>((resolve) => {
      s.on((e) => {
        if (e.type === 'job-done' || e.type === 'job-interrupted') resolve(e);
      });
      s.startJob(job);
    }),
  };
}

/** Executed log without the handshake and the sender's own M105 recovery probes, as plain commands. */
const executedJob = (link: VirtualLink) => link.sim.executed.filter((c) => c.cmd !== 'M110 N0' && c.cmd !== 'M105').map((c) => c.cmd);

describe('marlin sender over the in-process virtual printer', () => {
  it('streams a real file exactly (windowed, plain ok)', async () => {
    const { link, s } = setup({});
    await s.resetLineNumbers();
    const { job, done } = runJob(s, box);
    const ev = await done;
    expect(ev.type).toBe('job-done');
    expect(executedJob(link)).toEqual(job.commands);
    expect(s.stats.resends).toBe(0);
  });

  it('survives 1% checksum corruption, resend storms, duplicate resends and dropped lines without losing or doubling a line', async () => {
    const { link, s } = setup({
      seed: 7,
      faults: { checksumCorruptionRate: 0.01, resendStormRate: 0.002, stormLength: 4, duplicateResendRate: 0.3, dropLineRate: 0.003 },
    });
    await s.resetLineNumbers();
    const { job, done } = runJob(s, box);
    expect((await done).type).toBe('job-done');
    expect(executedJob(link)).toEqual(job.commands);
    expect(link.sim.counters.corrupted).toBeGreaterThan(10);
    expect(s.stats.resends).toBeGreaterThan(10);
    expect(s.stats.duplicateResendsIgnored).toBeGreaterThan(0);
  });

  it('recovers lost oks with ADVANCED_OK line numbers', async () => {
    const { link, s } = setup({ seed: 3, advancedOk: true, faults: { lostOkRate: 0.01, checksumCorruptionRate: 0.005 } });
    await s.resetLineNumbers();
    const { job, done } = runJob(s, box, 2500);
    expect((await done).type).toBe('job-done');
    expect(s.stats.advancedOk).toBe(true);
    expect(link.sim.counters.oksLost).toBeGreaterThan(3);
    expect(link.sim.counters.rxOverflowBytes).toBe(0); // the BUFSIZE-aware window never overfills the RX ring
    expect(executedJob(link)).toEqual(job.commands);
  });

  it('recovers lost oks without ADVANCED_OK by forcing an ok with M105 after a timeout', async () => {
    const { link, s } = setup({ seed: 5, faults: { lostOkRate: 0.002 } }, { okTimeoutMs: 150, mode: 'ping-pong' });
    await s.resetLineNumbers();
    const { job, done } = runJob(s, box, 2000);
    expect((await done).type).toBe('job-done');
    expect(link.sim.counters.oksLost).toBeGreaterThan(0);
    expect(s.stats.timeouts).toBeGreaterThan(0);
    expect(executedJob(link)).toEqual(job.commands);
  });

  it('works with firmware that sends no ok after Resend, and keeps going through long busy periods', async () => {
    const { link, s } = setup({ seed: 9, okAfterResend: false, keepaliveMs: 50, faults: { checksumCorruptionRate: 0.01, longBusyRate: 0.002, longBusyMs: 400 } }, { okTimeoutMs: 200 });
    await s.resetLineNumbers();
    const { job, done } = runJob(s, box, 2500);
    expect((await done).type).toBe('job-done');
    expect(executedJob(link)).toEqual(job.commands);
  });

  it('windowed streaming at an emulated 250000 baud never overflows the 128-byte RX ring', async () => {
    const { link, s } = setup({ baud: 250000, plannerSpeed: 30, accel: 3000 }, { mode: 'windowed', okTimeoutMs: 5000 });
    await s.resetLineNumbers();
    const dense = readFileSync(new URL('../fixtures/marlin/dense-ribbed-head.gcode', import.meta.url), 'latin1');
    const { job, done } = runJob(s, dense.split('\n').slice(3000, 3600).join('\n'));
    expect((await done).type).toBe('job-done');
    expect(link.sim.counters.rxOverflowBytes).toBe(0);
    expect(executedJob(link)).toEqual(job.commands);
  });

  it('a thermal runaway halts the sender and interrupts the job', async () => {
    const { link, s, events } = setup({});
    await s.resetLineNumbers();
    const { done } = runJob(s, box);
    setTimeout(() => link.sim.thermalRunaway(0), 30);
    const ev = await done;
    expect(ev.type).toBe('job-interrupted');
    expect(events.some((e) => e.type === 'alarm' && e.code === 'halted' && /Thermal Runaway/.test(e.message))).toBe(true);
    await expect(s.command('G28')).rejects.toThrow(/halted/);
  });

  it('M112 bypasses the queue even while the window is full', async () => {
    const { link, s } = setup({ baud: 115200, plannerSpeed: 0.01, accel: 3000 });
    await s.resetLineNumbers();
    runJob(s, box);
    await new Promise((r) => setTimeout(r, 100));
    s.emergency('M112');
    await new Promise((r) => setTimeout(r, 50));
    expect(link.sim.killed).toBe(true);
    // Killed by the emergency parser, not by executing M112 from the queue.
    expect(link.sim.executed.some((c) => c.cmd === 'M112')).toBe(false);
  });

  it('the resend-ratio alarm fires on a bad cable', async () => {
    const { s, events } = setup({ seed: 11, faults: { checksumCorruptionRate: 0.25 } });
    await s.resetLineNumbers();
    const { done } = runJob(s, box, 700);
    expect((await done).type).toBe('job-done');
    expect(events.some((e) => e.type === 'alarm' && e.code === 'resend-ratio')).toBe(true);
  });
});
