// Republisher: values cross to other instances on a real move or a heartbeat, never on jitter.
import { describe, expect, it } from 'vitest';
import { Republisher } from '../../electron/engine/telemetry/republisher.js';

const policy = { thresholds: { temp: 2 }, heartbeatMs: 10_000, minIntervalMs: 1_000 };

describe('Republisher', () => {
  it('publishes the first value, then ignores jitter within the threshold', () => {
    const r = new Republisher(policy);
    expect(r.offer('p1', { temp: 200, state: 'printing' }, 0)).toBe(true);
    let published = 0;
    for (let t = 1000; t < 10_000; t += 500) if (r.offer('p1', { temp: 200 + (t % 3) - 1, state: 'printing' }, t)) published++;
    expect(published).toBe(0);
  });

  it('publishes a move larger than the threshold, measured from the last published value (no creeping drift)', () => {
    const r = new Republisher(policy);
    r.offer('p1', { temp: 200 }, 0);
    // +1.5 each second: each step is under the threshold but the sum is not.
    expect(r.offer('p1', { temp: 201.5 }, 1000)).toBe(false);
    expect(r.offer('p1', { temp: 203 }, 2000)).toBe(true);
    expect(r.offer('p1', { temp: 204 }, 3000)).toBe(false);
  });

  it('publishes any change of a field without a threshold (state word) once the min interval has passed', () => {
    const r = new Republisher(policy);
    r.offer('p1', { temp: 200, state: 'printing' }, 0);
    expect(r.offer('p1', { temp: 200, state: 'paused' }, 500)).toBe(false); // within minInterval
    expect(r.offer('p1', { temp: 200, state: 'paused' }, 1000)).toBe(true);
  });

  it('sends a heartbeat every heartbeatMs for an unchanging value, and keys are independent', () => {
    const r = new Republisher(policy);
    const sent: number[] = [];
    for (let t = 0; t <= 60_000; t += 250) {
      if (r.offer('p1', { temp: 20 }, t)) sent.push(t);
      r.offer('p2', { temp: 20 + t / 100 }, t);
    }
    expect(sent).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  });

  it('never publishes one key more often than minInterval even when it swings wildly', () => {
    const r = new Republisher(policy);
    const sent: number[] = [];
    for (let t = 0; t < 5000; t += 10) if (r.offer('p1', { temp: t % 20 === 0 ? 0 : 300 }, t)) sent.push(t);
    for (let i = 1; i < sent.length; i++) expect(sent[i] - sent[i - 1]).toBeGreaterThanOrEqual(1000);
    expect(sent.length).toBe(5);
  });
});
