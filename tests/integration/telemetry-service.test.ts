// Telemetry through the real engine: demo printers feed printer:status, the farm stream and queries reflect them,
// a person's action reaches the card, and history/metrics are served through the contract.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine.js';
import type { FarmCard, FarmDiff } from '../../electron/shared/contract/telemetry-types.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-tsvc-'));
let engine: Engine;
const silent = { info() {}, warn() {}, error() {} };

beforeAll(async () => {
  engine = await createEngine({ dataDir: dir, mode: 'headless', demo: 12, hostSampling: false, log: silent });
});
afterAll(async () => {
  await engine?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, input?: unknown) {
  const r = await engine.dispatcher.call(method, input, { door: 'internal' });
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as any;
}

describe('telemetry service in the engine', () => {
  it('demo mode adds N virtual printers, a mix of Marlin and Bambu, all on the farm grid', async () => {
    const farm = (await call('telemetry.farm')) as FarmDiff;
    expect(farm.full).toBe(true);
    expect(farm.changed).toHaveLength(12);
    const cards = farm.changed as FarmCard[];
    expect(cards.every((c) => c.virtual)).toBe(true);
    expect(new Set(cards.map((c) => c.type))).toEqual(new Set(['marlin', 'bambu']));
  });

  it('streams telemetry:farm diffs that chain by version, and a pause reaches the card', async () => {
    const diffs: FarmDiff[] = [];
    const off = engine.bus.on('telemetry:farm', (d) => diffs.push(d));
    // A Bambu one: a virtual Marlin still in its M109 heat-up answers a pause only once heated, like real Marlin.
    let target: FarmCard | undefined;
    await waitFor(() => {
      void call('telemetry.farm').then((farm: FarmDiff) => (target ??= (farm.changed as FarmCard[]).find((c) => c.type === 'bambu' && c.state === 'printing')));
      return target !== undefined;
    });
    await call('printers.pause', { id: target!.id });
    await waitFor(() => diffs.some((d) => d.changed.some((p) => p.id === target!.id && p.state === 'paused')));
    off();
    for (let i = 1; i < diffs.length; i++) expect(diffs[i].fromVersion).toBe(diffs[i - 1].toVersion);
  });

  it('serves history and engine metrics, and exports gauges on /metrics text', async () => {
    await waitFor(() => engine.telemetry.rollup.stats.rowsWritten >= 12, 5000);
    const h = await call('telemetry.history', { id: 'demo-001', fromMs: Date.now() - 60_000 });
    expect(h.resolutionMs).toBe(1000);
    expect(h.times.length).toBeGreaterThan(0);
    expect(h.columns).toHaveLength(9);
    // "The last 15 min" computed a few ms before the engine's clock still gets the 1 s tier the live pushes extend.
    expect((await call('telemetry.history', { id: 'demo-001', fromMs: Date.now() - 15 * 60_000 - 20 })).resolutionMs).toBe(1000);
    expect((await call('telemetry.history', { id: 'demo-001', fromMs: Date.now() - 3_600_000 })).resolutionMs).toBe(10_000);
    expect((await call('telemetry.history', { id: 'demo-001', fromMs: Date.now() - 86_400_000 })).resolutionMs).toBe(60_000);
    const missing = await engine.dispatcher.call('telemetry.history', { id: 'no-such-printer', fromMs: 0 }, { door: 'internal' });
    expect(missing).toEqual({ ok: false, error: { code: 'not-found', message: "There is no printer 'no-such-printer'." } });
    const m = await call('telemetry.engine');
    expect(m.printers).toBe(12);
    expect(m.rowsWritten).toBeGreaterThan(0);
    expect(m.dbWrite.count).toBeGreaterThan(0);
    expect(engine.metrics.prometheus()).toMatch(/printfarm_telemetry_db_write_p99_ms \d/);
    expect(engine.metrics.prometheus()).toMatch(/printfarm_event_loop_lag_p99_ms /);
  });

  it('a watched printer streams telemetry:printer pushes', async () => {
    const pushes: unknown[] = [];
    const off = engine.bus.on('telemetry:printer', (p) => p.id === 'demo-002' && pushes.push(p));
    await call('telemetry.watch', { id: 'demo-002' });
    // The 1 Hz chart stream: after the first push (status), each second's closed bucket arrives as points.
    await waitFor(() => pushes.some((p) => (p as { points: { times: number[] } | null }).points?.times.length));
    const withPoints = pushes.find((p) => (p as { points: unknown }).points) as { points: { resolutionMs: number; columns: unknown[][] } };
    expect(withPoints.points.resolutionMs).toBe(1000);
    expect(withPoints.points.columns).toHaveLength(9);
    await call('telemetry.unwatch', { id: 'demo-002' });
    off();
  });

  it('removing the demo printers removes their cards', async () => {
    await call('printers.removeVirtual');
    const farm = (await call('telemetry.farm')) as FarmDiff;
    expect(farm.changed).toHaveLength(0);
  });
});

describe('telemetry across an engine restart', () => {
  it('charts survive a restart: history written by the first engine is served by the second', async () => {
    const restartDir = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-tsvc-restart-'));
    try {
      const first = await createEngine({ dataDir: restartDir, mode: 'headless', demo: 2, hostSampling: false, log: silent });
      // At least 3 closed 1 s buckets for this printer, written to SQLite (a loaded machine may take a while).
      await waitFor(() => first.telemetry.historySlice('demo-001', Date.now() - 60_000).times.length >= 4 && first.telemetry.rollup.stats.rowsWritten >= 6, 30_000);
      const before = first.telemetry.historySlice('demo-001', Date.now() - 60_000);
      await first.close(); // flushes the last closed second
      const second = await createEngine({ dataDir: restartDir, mode: 'headless', hostSampling: false, log: silent });
      try {
        await second.telemetry.restored;
        const r = await second.dispatcher.call('telemetry.history', { id: 'demo-001', fromMs: Date.now() - 60_000 }, { door: 'internal' });
        if (!r.ok) throw new Error(r.error.message);
        const after = r.value as { times: number[]; columns: Array<Array<number | null>> };
        expect(before.times.length).toBeGreaterThanOrEqual(3);
        for (const t of before.times) expect(after.times).toContain(t);
        const i = after.times.indexOf(before.times[0]);
        expect(after.columns[0][i]).toBe(before.columns[0][0]);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(restartDir, { recursive: true, force: true });
    }
  });
});

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
