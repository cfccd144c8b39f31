// The Marlin driver end to end against the in-process virtual printer: handshake, status, SD, jobs, pause/cancel,
// emergency stop, and an unplug leaving the job interrupted with a resume plan.
import { afterEach, describe, expect, it } from 'vitest';
import { MarlinPrinterConfig } from '../../electron/shared/contract/printer-config.js';
import { MarlinDriver } from '../../electron/engine/drivers/marlin/driver.js';
import { DriverCounters } from '../../electron/engine/metrics/driver-counters.js';
import { DriverRegistry } from '../../electron/engine/drivers/registry.js';
import { registerMarlinDriver } from '../../electron/engine/drivers/marlin/register.js';
import type { PrinterStatus } from '../../electron/shared/contract/printer-status.js';

const deps = { log: { info() {}, warn() {}, error() {} }, dataDir: '/tmp' };
const FAST = { baud: null, plannerSpeed: 2000, accel: 1e6, homingMs: 5, heaterTauMs: 30, bedTauMs: 30, dwellScale: 0.001, sdFiles: { 'CUBE.GCO': 'G28\nG1 X10 Y10 F3000\nG1 X20\n' } };
const drivers: MarlinDriver[] = [];
afterEach(async () => {
  for (const d of drivers.splice(0)) await d.disconnect();
});

function make(extra: Partial<MarlinPrinterConfig> = {}, virtual = {}) {
  const config = MarlinPrinterConfig.parse({ id: 'mk1', name: 'Virtual MK', type: 'marlin', port: 'virtual:mk1', ...extra });
  const d = new MarlinDriver(config, deps, { virtual: { ...FAST, ...virtual }, sender: { okTimeoutMs: 500 }, bootWaitMs: 500 });
  drivers.push(d);
  return d;
}
const until = async (cond: () => boolean, ms = 10000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

const PART = Array.from({ length: 400 }, (_, i) => (i % 50 === 0 ? `;LAYER_CHANGE\nG1 Z${(0.2 + i / 250).toFixed(2)}\n` : '') + `G1 X${(i % 20) + 10} Y${Math.floor(i / 20) + 10} E0.05 F1800`).join('\n');

describe('MarlinDriver (virtual port)', () => {
  it('registers as type marlin', () => {
    const r = new DriverRegistry();
    registerMarlinDriver(r);
    expect(r.types()).toContain('marlin');
  });

  it('handshakes, detects firmware and capabilities, and reports temperatures by auto-report', async () => {
    const d = make();
    const seen: PrinterStatus[] = [];
    d.onStatus((s) => seen.push(s));
    await d.connect();
    expect(d.status().state).toBe('idle');
    expect(d.firmware().name).toMatch(/^Marlin 2\.1/);
    expect(d.firmware().capabilities.AUTOREPORT_TEMP).toBe(true);
    await d.sendGcode('M104 S200\nM140 S60');
    await until(() => (d.status().tools[0]?.target ?? 0) === 200 && d.status().bed?.target === 60, 5000);
    expect(seen.some((s) => s.state === 'connecting')).toBe(true);
    const lines = d.terminalHistory();
    expect(lines.some((l) => l.direction === 'sent' && l.text === 'M104 S200')).toBe(true);
    expect(lines.some((l) => l.direction === 'received' && l.text.startsWith('FIRMWARE_NAME'))).toBe(true);
  });

  it('polls M105 when the firmware has no AUTOREPORT_TEMP', async () => {
    const d = make({}, { autoreportTemp: false });
    await d.connect();
    await d.sendGcode('M104 S180');
    await until(() => d.terminalHistory().some((l) => l.direction === 'received' && /^ok T:/.test(l.text)), 8000);
    await until(() => d.status().tools[0]?.target === 180, 8000);
  });

  it('lists and prints SD files', async () => {
    const d = make();
    await d.connect();
    const files = await d.listSdFiles();
    expect(files.map((f) => f.name)).toEqual(['CUBE.GCO']);
    await d.printSdFile('CUBE.GCO');
    await until(() => d.status().state === 'finished');
    expect(d.virtualPrinter?.sim.executed.map((c) => c.cmd)).toEqual(expect.arrayContaining(['G1 X10 Y10 F3000', 'G1 X20']));
  });

  it('counts messages and lines sent for the Metrics room through DriverDeps.metrics', async () => {
    const counters = new DriverCounters();
    const config = MarlinPrinterConfig.parse({ id: 'mk-metrics', name: 'Counted', type: 'marlin', port: 'virtual:mk-metrics' });
    const d = new MarlinDriver(config, { ...deps, metrics: counters.forPrinter('mk-metrics') }, { virtual: FAST, sender: { okTimeoutMs: 500 }, bootWaitMs: 500 });
    drivers.push(d);
    await d.connect();
    await d.startJob({ name: 'part', text: PART });
    await until(() => d.status().state === 'finished');
    const rates = counters.rates().find((r) => r.id === 'mk-metrics')!;
    expect(rates.messages).toBeGreaterThan(0);
    expect(counters.rates().length).toBe(1);
    expect(rates.resendRatio).toBe(0);
    // Every job line (400 moves + layer Z moves) was counted as sent, without resends on a clean link.
    expect(counters.totals().lines).toBeGreaterThanOrEqual(400);
    expect(counters.totals().resends).toBe(0);
  });

  it('streams a job, pauses with park + retract, resumes, and finishes with every line executed once', async () => {
    const d = make({}, { plannerSpeed: 20 });
    await d.connect();
    await d.startJob({ name: 'part', text: PART });
    await until(() => (d.status().job?.filePosition ?? 0) > 2000);
    await d.pause();
    expect(d.status().state).toBe('paused');
    const sim = d.virtualPrinter!.sim;
    const cmds = sim.executed.map((c) => c.cmd);
    expect(cmds).toContain('M400');
    expect(cmds.slice(-5)).toEqual(['G91', 'G1 E-2 F2400', 'G1 Z10 F600', 'G90', 'G1 X10 Y200 F6000']);
    await d.resume();
    await until(() => d.status().state === 'finished');
    const jobLines = sim.executed.map((c) => c.cmd).filter((c) => /^G1 X\d+ Y\d+ E0\.05/.test(c));
    expect(jobLines).toHaveLength(400);
    expect(d.status().job?.progress).toBe(100);
  });

  it('cancel stops feeding and runs the cooldown snippet', async () => {
    const d = make({}, { plannerSpeed: 5 });
    await d.connect();
    await d.startJob({ name: 'part', text: PART });
    await until(() => (d.status().job?.filePosition ?? 0) > 1000);
    await d.cancel();
    const cmds = d.virtualPrinter!.sim.executed.map((c) => c.cmd);
    expect(cmds.slice(-7)).toEqual(['M104 S0', 'M140 S0', 'M107', 'G91', 'G1 Z10 F600', 'G90', 'M84']);
    expect(cmds.filter((c) => /E0\.05/.test(c)).length).toBeLessThan(400);
    expect(d.status().state).toBe('idle');
  });

  it('emergency stop halts the firmware at once', async () => {
    const d = make({}, { plannerSpeed: 2 });
    await d.connect();
    await d.startJob({ name: 'part', text: PART });
    await until(() => (d.status().job?.filePosition ?? 0) > 500);
    await d.emergencyStop();
    await until(() => d.virtualPrinter!.sim.killed);
    expect(d.status().state).toBe('error');
    await expect(d.sendGcode('G28')).rejects.toThrow(/halted/);
  });

  it('a thermal runaway becomes a fatal fault in the status', async () => {
    const d = make();
    await d.connect();
    d.virtualPrinter!.sim.thermalRunaway(0);
    await until(() => d.status().state === 'error');
    expect(d.status().faults.some((f) => f.code === 'thermal-runaway' && f.severity === 'fatal')).toBe(true);
  });

  it('unplug mid-print leaves the job interrupted at the last acked line with a resume plan', async () => {
    const d = make({}, { plannerSpeed: 10 });
    await d.connect();
    await d.startJob({ name: 'part', text: PART });
    await until(() => (d.status().job?.filePosition ?? 0) > 4000);
    d.virtualPrinter!.unplug();
    await until(() => d.job()?.state === 'interrupted');
    const j = d.job()!;
    expect(j.progress?.lastAckedLine).toBeGreaterThan(50);
    expect(d.status().state).toBe('offline');
    const plan = await d.planResume();
    expect(plan.startIndex).toBeLessThanOrEqual(j.progress!.acked);
    expect(plan.preamble).toContain('G28 X Y');
  });
});
