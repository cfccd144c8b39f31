// Coalesced push: never more than its rate per view, each push a diff, always ending on the latest state, no backlog.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Coalescer } from '../../electron/engine/telemetry/coalescer.js';
import { FarmHistory } from '../../electron/engine/telemetry/history.js';
import { LiveCache } from '../../electron/engine/telemetry/live-cache.js';
import { PushHub } from '../../electron/engine/telemetry/push-hub.js';
import { emptyStatus, type PrinterStatus } from '../../electron/shared/contract/printer-status.js';
import type { FarmCard, FarmDiff } from '../../electron/shared/contract/telemetry-types.js';
import { FakeClock } from '../support/telemetry-fake-clock.js';

function printing(progress: number, tool = 215): PrinterStatus {
  return { ...emptyStatus('printing'), tools: [{ actual: tool, target: 215 }], job: { name: 'cube.gcode', progress, layer: 1, totalLayers: 10, remainingMinutes: 5 } };
}

function maxInAnyWindow(times: number[], windowMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

function makeHub(clock: FakeClock) {
  const cache = new LiveCache();
  const history = new FarmHistory();
  const hub = new PushHub(
    {
      cache,
      history,
      identity: (id) => ({ name: id, model: null, type: 'marlin', virtual: true }),
      stateSince: () => 0,
    },
    { clock },
  );
  const update = (id: string, status: PrinterStatus) => {
    cache.update(id, status);
    hub.statusChanged(id);
  };
  return { cache, hub, update };
}

/** The client side: apply pushes like the renderer does. */
function applyDiffs(diffs: FarmDiff[]): Map<string, FarmCard> {
  const cards = new Map<string, FarmCard>();
  let version = 0;
  for (const d of diffs) {
    if (d.full) cards.clear();
    else expect(d.fromVersion).toBe(version); // diffs chain: nothing was skipped
    for (const patch of d.changed) cards.set(patch.id, { ...(cards.get(patch.id) as FarmCard), ...patch } as FarmCard);
    for (const id of d.removed) cards.delete(id);
    version = d.toVersion;
  }
  return cards;
}

describe('Coalescer', () => {
  it('sends a burst of changes as one push, then at most 10 per second', () => {
    const clock = new FakeClock();
    const sentAt: number[] = [];
    let state = 0;
    const c = new Coalescer<number>({ maxPerSecond: 10, clock, build: () => state, send: () => void sentAt.push(clock.now()) });
    for (let ms = 0; ms < 3000; ms++) {
      state = ms;
      c.notify(); // 1000 changes a second
      clock.advance(1);
    }
    clock.advance(1000);
    expect(maxInAnyWindow(sentAt, 1000)).toBeLessThanOrEqual(10);
    expect(sentAt.length).toBeGreaterThanOrEqual(28); // it does keep pushing, at the rate
  });

  it('property: for any change schedule, never exceeds the rate and the last push carries the latest state', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 20 }), (gaps, rate) => {
        const clock = new FakeClock();
        const sent: Array<{ at: number; value: number }> = [];
        let value = 0;
        const c = new Coalescer<number>({ maxPerSecond: rate, clock, build: () => value, send: (v) => void sent.push({ at: clock.now(), value: v }) });
        for (const gap of gaps) {
          clock.advance(gap);
          value++;
          c.notify();
        }
        clock.advance(2000);
        expect(maxInAnyWindow(sent.map((s) => s.at), 1000)).toBeLessThanOrEqual(rate);
        expect(sent.at(-1)!.value).toBe(value);
      }),
      { numRuns: 200 },
    );
  });

  it('spaces sends by the interval even when builds take uneven time', () => {
    const clock = new FakeClock();
    const sentAt: number[] = [];
    let builds = 0;
    const c = new Coalescer<number>({
      maxPerSecond: 10,
      clock,
      build: () => {
        clock.spend(builds++ % 2 === 0 ? 40 : 0); // a slow build, then a fast one
        return builds;
      },
      send: () => void sentAt.push(clock.now()),
    });
    for (let ms = 0; ms < 3000; ms += 5) {
      c.notify();
      clock.advance(5);
    }
    for (let i = 1; i < sentAt.length; i++) expect(sentAt[i] - sentAt[i - 1]).toBeGreaterThanOrEqual(100);
    expect(maxInAnyWindow(sentAt, 1000)).toBeLessThanOrEqual(10);
  });

  it('builds nothing for a paused (hidden) view however much changes, then catches up with one push', () => {
    const clock = new FakeClock();
    let builds = 0;
    let value = 0;
    const sent: number[] = [];
    const c = new Coalescer<number>({ maxPerSecond: 10, clock, build: () => (builds++, value), send: (v) => void sent.push(v) });
    c.pause();
    for (let i = 0; i < 10_000; i++) {
      value = i;
      c.notify();
      clock.advance(1);
    }
    expect(builds).toBe(0);
    c.resume();
    clock.advance(500);
    expect(sent).toEqual([9999]);
  });

  it('a congested transport gets no backlog: retried at the rate, and given the latest state', () => {
    const clock = new FakeClock();
    let congested = true;
    let value = 0;
    const delivered: number[] = [];
    const c = new Coalescer<number>({
      maxPerSecond: 10,
      clock,
      build: () => value,
      send: (v) => {
        if (congested) return false;
        delivered.push(v);
      },
    });
    for (let i = 1; i <= 50; i++) {
      value = i;
      c.notify();
      clock.advance(20);
    }
    expect(delivered).toEqual([]);
    congested = false;
    clock.advance(200);
    expect(delivered).toEqual([50]);
    expect(c.skippedCongested).toBeLessThanOrEqual(11); // one try per slot (1 s of congestion at 10/s), not one per change
  });
});

describe('PushHub farm feed', () => {
  it('first push is a full snapshot; later pushes carry only changed fields of changed printers', () => {
    const clock = new FakeClock();
    const { hub, update } = makeHub(clock);
    for (let i = 0; i < 5; i++) update(`p${i}`, printing(0));
    const diffs: FarmDiff[] = [];
    hub.subscribeFarm((d) => void diffs.push(d));
    clock.advance(0);
    expect(diffs).toHaveLength(1);
    expect(diffs[0].full).toBe(true);
    expect(diffs[0].changed).toHaveLength(5);

    update('p3', printing(42));
    update('p3', printing(42, 215.2)); // sub-degree jitter: not news
    clock.advance(200);
    expect(diffs).toHaveLength(2);
    expect(diffs[1].full).toBe(false);
    expect(diffs[1].changed).toEqual([{ id: 'p3', progress: 42 }]);

    update('p1', printing(0, 215.3)); // rounds to the same card: nothing is pushed
    clock.advance(200);
    expect(diffs).toHaveLength(2);
  });

  it('500 printers changing at 2 Hz: ≤ 10 pushes/s per view and the client ends on the exact latest cards', () => {
    const clock = new FakeClock();
    const { hub, update, cache } = makeHub(clock);
    const diffs: FarmDiff[] = [];
    const times: number[] = [];
    hub.subscribeFarm((d) => {
      diffs.push(d);
      times.push(clock.now());
    });
    let seed = 1;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let tick = 0; tick < 1000; tick++) {
      // every 5 ms, five printers report (500 printers × 2 Hz = 1000 reports/s)
      for (let k = 0; k < 5; k++) {
        const id = `p${Math.floor(rand() * 500)}`;
        if (id === 'p7' && tick >= 600) continue; // removed below, stays removed
        update(id, printing(Math.round(rand() * 1000) / 10, 180 + Math.round(rand() * 40)));
      }
      if (tick === 600) {
        cache.remove('p7');
        hub.statusChanged('p7');
      }
      clock.advance(5);
    }
    clock.advance(1000);
    expect(maxInAnyWindow(times, 1000)).toBeLessThanOrEqual(10);
    const client = applyDiffs(diffs);
    const expected = new Map(cache.all().map((e) => [e.id, e.status]));
    expect(client.size).toBe(expected.size);
    expect(client.has('p7')).toBe(false);
    for (const [id, status] of expected) {
      expect(client.get(id)!.progress).toBe(Math.round(status.job!.progress * 10) / 10);
      expect(client.get(id)!.toolActual).toBe(Math.round(status.tools[0].actual));
    }
  });

  it('resync after a dropped push starts over with a full snapshot', () => {
    const clock = new FakeClock();
    const { hub, update } = makeHub(clock);
    update('a', printing(1));
    const diffs: FarmDiff[] = [];
    const sub = hub.subscribeFarm((d) => void diffs.push(d));
    clock.advance(0);
    update('a', printing(2));
    clock.advance(200);
    sub.resync();
    clock.advance(200);
    expect(diffs.at(-1)!.full).toBe(true);
    sub.unsubscribe();
    update('a', printing(3));
    clock.advance(500);
    expect(diffs).toHaveLength(3);
  });

  it('printer detail pushes the full status and stops when unsubscribed', () => {
    const clock = new FakeClock();
    const { hub, update } = makeHub(clock);
    update('a', printing(1));
    const pushes: unknown[] = [];
    const sub = hub.subscribePrinter('a', (p) => void pushes.push(p));
    clock.advance(0);
    update('b', printing(5)); // another printer: not this view's business
    clock.advance(200);
    expect(pushes).toHaveLength(1);
    update('a', printing(9));
    clock.advance(200);
    expect(pushes).toHaveLength(2);
    expect((pushes[1] as { status: PrinterStatus }).status.job!.progress).toBe(9);
    sub.unsubscribe();
    expect(hub.subscriptionCount).toBe(0);
  });
});
