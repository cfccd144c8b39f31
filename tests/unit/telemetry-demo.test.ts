// Demo mode pieces: the status generator prints forever through every state; demo configs mix Marlin and Bambu;
// the demo driver obeys Pause/Resume; per-driver counters turn into rates.
import { describe, expect, it } from 'vitest';
import { demoPrinterConfig, ensureDemoPrinters } from '../../electron/engine/demo/demo-farm.js';
import { DemoDriver, DemoScheduler } from '../../electron/engine/demo/demo-driver.js';
import { StatusGenerator } from '../../electron/engine/demo/status-generator.js';
import { DriverCounters } from '../../electron/engine/metrics/driver-counters.js';
import { PrinterStatus, type PrinterStatus as Status } from '../../electron/shared/contract/printer-status.js';
import type { PrinterSummary } from '../../electron/shared/contract/printers.js';

describe('StatusGenerator', () => {
  it('cycles idle → heating → printing → finished → idle forever, with valid statuses', () => {
    const g = new StatusGenerator({ kind: 'bambu', seed: 3, printMs: 120_000 }, 0);
    const seen = new Set<string>();
    let finishedCount = 0;
    let prev = '';
    for (let t = 0; t < 4 * 3_600_000; t += 500) {
      const s = g.step(t);
      if (t % 60_000 === 0) expect(PrinterStatus.safeParse(s).success).toBe(true);
      seen.add(s.state);
      if (s.state === 'finished' && prev !== 'finished') finishedCount++;
      if (s.state === 'printing') {
        expect(s.job!.progress).toBeGreaterThanOrEqual(0);
        expect(s.job!.progress).toBeLessThanOrEqual(100);
      }
      prev = s.state;
    }
    for (const state of ['idle', 'preparing', 'printing', 'finished']) expect(seen.has(state)).toBe(true);
    expect(finishedCount).toBeGreaterThan(20); // "printing forever": job after job
  });

  it('heats towards the target while preparing and cools when idle', () => {
    const g = new StatusGenerator({ kind: 'marlin', seed: 11, printMs: 600_000 }, 0);
    let s: Status = g.step(0);
    let t = 0;
    while (s.state !== 'preparing' && t < 3_600_000) s = g.step((t += 500));
    const start = s.tools[0].actual;
    while (s.state === 'preparing') s = g.step((t += 500));
    expect(s.state).toBe('printing');
    expect(s.tools[0].actual).toBeGreaterThan(start + 100);
    expect(Math.abs(s.tools[0].actual - s.tools[0].target)).toBeLessThan(5);
  });

  it('is deterministic for a seed', () => {
    const a = new StatusGenerator({ kind: 'marlin', seed: 5 }, 1000);
    const b = new StatusGenerator({ kind: 'marlin', seed: 5 }, 1000);
    for (let t = 1000; t < 200_000; t += 1000) expect(a.step(t)).toEqual(b.step(t));
  });
});

describe('demo farm', () => {
  it('makes a mix of Marlin and Bambu virtual configs and keeps exactly N demo printers', async () => {
    const configs = Array.from({ length: 9 }, (_, i) => demoPrinterConfig(i + 1));
    expect(configs.filter((c) => c.type === 'bambu')).toHaveLength(3);
    expect(configs.every((c) => c.virtual)).toBe(true);

    const list: PrinterSummary[] = [];
    const service = {
      list: () => list,
      add: async (c: any) => {
        const p = { id: c.id, name: c.name, virtual: true, type: c.type } as PrinterSummary;
        list.push(p);
        return p;
      },
      remove: async (id: string) => void list.splice(list.findIndex((p) => p.id === id), 1),
    };
    list.push({ id: 'real-1', name: 'Real', virtual: false, type: 'marlin' } as PrinterSummary);
    expect(await ensureDemoPrinters(service, 5)).toEqual({ added: 5, removed: 0 });
    expect(await ensureDemoPrinters(service, 3)).toEqual({ added: 0, removed: 2 });
    expect(list.map((p) => p.id)).toEqual(['real-1', 'demo-001', 'demo-002', 'demo-003']);
  });

  it('a demo driver reports on connect and obeys pause and resume', async () => {
    const scheduler = new DemoScheduler();
    // Most seeds start mid-print (a fresh demo shows every state); take the first that does.
    let d: DemoDriver | null = null;
    for (let seed = 1; seed < 50 && !d; seed++) {
      const candidate = new DemoDriver({ id: `demo-${seed}`, kind: 'marlin', seed, reportsPerSecond: 2, scheduler });
      await candidate.connect();
      if (candidate.status().state === 'printing') d = candidate;
      else await candidate.disconnect();
    }
    expect(d).not.toBeNull();
    const states: string[] = [];
    d!.onStatus((s) => states.push(s.state));
    await d!.pause();
    expect(d!.status().state).toBe('paused');
    await d!.resume();
    expect(d!.status().state).toBe('printing');
    expect(states).toEqual(['paused', 'printing']);
    await d!.disconnect();
    expect(d!.status().state).toBe('offline');
  });
});

describe('DriverCounters', () => {
  it('turns increments into per-second rates and a resend ratio', () => {
    const c = new DriverCounters();
    const a = c.forPrinter('a');
    c.sampleRates(0);
    for (let i = 0; i < 200; i++) a.message();
    a.lineSent(1000);
    a.resend(5);
    a.reconnect();
    c.statusReport('a');
    c.sampleRates(2000);
    const [rates] = c.rates();
    expect(rates).toMatchObject({ id: 'a', messagesPerSecond: 100, linesPerSecond: 500, resendRatio: 0.005, reconnects: 1, reportsPerSecond: 0.5 });
    expect(c.totals().resends).toBe(5);
  });
});
