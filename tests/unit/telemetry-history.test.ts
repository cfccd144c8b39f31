// History rings: bounded memory, correct bucket times, and downsampling by averaging across the three tiers.
import { describe, expect, it } from 'vitest';
import { BucketRing } from '../../electron/engine/telemetry/ring.js';
import { HISTORY_BYTES_PER_PRINTER, PrinterHistory, TIERS } from '../../electron/engine/telemetry/history.js';
import { SERIES_COUNT, decode } from '../../electron/engine/telemetry/series.js';
import { emptyStatus } from '../../electron/shared/contract/printer-status.js';

const T0 = 1_700_000_040_000; // a whole minute, so tier buckets line up with sample indices

function values(v: number): Float64Array {
  const a = new Float64Array(SERIES_COUNT).fill(NaN);
  a[0] = v;
  return a;
}

describe('BucketRing', () => {
  it('never holds more than its capacity and keeps the newest buckets', () => {
    const ring = new BucketRing(1000, 100, 8);
    for (let i = 0; i < 1000; i++) ring.add(T0 + i * 1000, values(i));
    ring.closeUpTo(T0 + 1000 * 1000);
    expect(ring.length).toBe(100);
    expect(ring.bytes).toBe(BucketRing.bytesAtCapacity(100));
    const { times, columns } = ring.read();
    expect(times.length).toBe(100);
    expect(times[0]).toBe(T0 + 900 * 1000);
    expect(times[99]).toBe(T0 + 999 * 1000);
    expect(columns[0][0]).toBe(900);
    expect(columns[0][99]).toBe(999);
    expect(columns[1][0]).toBeNull(); // a series never reported stays missing
  });

  it('grows its storage lazily: a fresh ring does not allocate its full capacity', () => {
    const ring = new BucketRing(60_000, 10_080);
    ring.add(T0, values(1));
    expect(ring.bytes).toBeLessThan(BucketRing.bytesAtCapacity(10_080) / 10);
  });

  it('averages every raw sample that falls in a bucket', () => {
    const ring = new BucketRing(1000, 10);
    ring.add(T0 + 0, values(200));
    ring.add(T0 + 300, values(210));
    ring.add(T0 + 900, values(220));
    ring.add(T0 + 1500, values(100));
    ring.closeUpTo(T0 + 2000);
    expect(ring.read().columns[0]).toEqual([210, 100]);
    expect(ring.drainClosed()).toEqual([(T0 / 1000), T0 / 1000 + 1]);
  });

  it('fills a silent stretch with gaps, and restarts cleanly after a gap longer than the ring', () => {
    const ring = new BucketRing(1000, 10);
    ring.add(T0, values(1));
    ring.add(T0 + 3000, values(4));
    ring.closeUpTo(T0 + 4000);
    expect(ring.read().columns[0]).toEqual([1, null, null, 4]);
    ring.add(T0 + 60_000, values(9));
    ring.closeUpTo(T0 + 61_000);
    const r = ring.read();
    expect(r.times).toEqual([T0 + 60_000]);
    expect(r.columns[0]).toEqual([9]);
  });

  it('drops a late sample for a bucket already closed instead of rewriting it', () => {
    const ring = new BucketRing(1000, 10);
    ring.add(T0 + 1000, values(5));
    ring.closeUpTo(T0 + 2000);
    ring.add(T0 + 1500, values(500));
    ring.closeUpTo(T0 + 3000);
    expect(ring.read().columns[0]).toEqual([5]);
  });
});

describe('BucketRing.restoreBucket (background restore while live data arrives)', () => {
  it('extends the ring backwards, fills gaps, and never overwrites live buckets', () => {
    const ring = new BucketRing(1000, 20, 4);
    // Live data: seconds 10..12 (12 still open).
    ring.add(T0 + 10_000, values(100));
    ring.add(T0 + 11_000, values(110));
    ring.add(T0 + 12_000, values(120));
    ring.closeUpTo(T0 + 12_500);
    const b = (sec: number) => T0 / 1000 + sec;
    const enc = (v: number) => Int16Array.from({ length: SERIES_COUNT }, (_, i) => (i === 0 ? v * 10 : -32768));
    // Stored history (oldest first, as the pager reads it): seconds 2..10; 10 collides with live data.
    for (const sec of [2, 3, 5, 10]) ring.restoreBucket(b(sec), enc(sec));
    ring.closeUpTo(T0 + 13_000);
    const { times, columns } = ring.read();
    expect(times[0]).toBe(T0 + 2000);
    expect(columns[0]).toEqual([2, 3, null, 5, null, null, null, null, 100, 110, 120]);
    // Older than the ring can hold: ignored, the bound stays.
    ring.restoreBucket(b(-50), enc(1));
    expect(ring.length).toBe(11);
  });
});

describe('PrinterHistory', () => {
  it('states its memory bound: 13,140 buckets × 9 series × 2 bytes per printer', () => {
    expect(HISTORY_BYTES_PER_PRINTER).toBe((900 + 2160 + 10080) * 9 * 2);
  });

  it('downsamples by averaging: each 10 s and 1 min bucket is the mean of the samples in it', () => {
    const h = new PrinterHistory('p1');
    const samples: number[] = [];
    // 5 minutes at 1 Hz of a noisy ramp, in tenths so quantisation is exact.
    for (let i = 0; i < 300; i++) {
      const v = Math.round((20 + i * 0.7 + ((i * 37) % 11)) * 10) / 10;
      samples.push(v);
      h.addValues(T0 + i * 1000, values(v));
    }
    const closed = h.tick(T0 + 300_000);
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    const [sec, tenSec, minute] = h.rings;
    expect(sec.read().columns[0]).toEqual(samples);
    const ten = tenSec.read().columns[0];
    expect(ten.length).toBe(30);
    // Stored to 0.1 (Int16 fixed point), so equal within half a step.
    for (let b = 0; b < 30; b++) expect(Math.abs(ten[b]! - mean(samples.slice(b * 10, b * 10 + 10)))).toBeLessThanOrEqual(0.05 + 1e-9);
    const min = minute.read().columns[0];
    expect(min.length).toBe(5);
    for (let b = 0; b < 5; b++) expect(Math.abs(min[b]! - mean(samples.slice(b * 60, b * 60 + 60)))).toBeLessThanOrEqual(0.05 + 1e-9);
    // The roll-up sees every closed bucket of every tier exactly once.
    expect(closed.filter((c) => c.resolutionMs === 1000)).toHaveLength(300);
    expect(closed.filter((c) => c.resolutionMs === 10_000)).toHaveLength(30);
    expect(closed.filter((c) => c.resolutionMs === 60_000)).toHaveLength(5);
    expect(h.tick(T0 + 300_500)).toHaveLength(0);
  });

  it('holds the last value through quiet seconds (delta-only reporters), then shows a gap', () => {
    const h = new PrinterHistory('p1');
    const s = emptyStatus('printing');
    s.tools = [{ actual: 215, target: 215 }];
    h.addStatus(T0, s);
    h.tick(T0 + 5000);
    const col = h.rings[0].read().columns[0];
    expect(col).toEqual([215, 215, 215, 215, 215]);
    h.tick(T0 + 120_000);
    expect(h.rings[0].length).toBe(31); // held for 30 s after the last report, then nothing
    s.tools = [{ actual: 100, target: 0 }];
    h.addStatus(T0 + 100_000, s);
    h.tick(T0 + 101_000);
    const after = h.rings[0].read().columns[0];
    expect(after.at(-1)).toBe(100);
    expect(after.at(-2)).toBeNull(); // the quiet stretch is a gap, not invented data
    expect(decode(-32768)).toBeNull();
  });

  it('never exceeds the stated bound after more than a week of samples', () => {
    const h = new PrinterHistory('p1');
    // 8 days at one sample per 20 s is enough to fill every tier.
    for (let t = 0; t < 8 * 86_400_000; t += 20_000) h.addValues(T0 + t, values(1));
    h.tick(T0 + 8 * 86_400_000);
    expect(h.bytes).toBe(HISTORY_BYTES_PER_PRINTER);
    TIERS.forEach((tier, i) => expect(h.rings[i].length).toBe(tier.capacity));
  });
});
