// Runtime sampler: sees a blocked event loop, reports heap/RSS/CPU and extra series, keeps a bounded ring.
import { describe, expect, it } from 'vitest';
import { RuntimeSampler } from '../../electron/engine/metrics/runtime-sampler.js';

describe('RuntimeSampler', () => {
  it('detects a 200 ms stall of the event loop and keeps only `keep` samples', async () => {
    const sampler = new RuntimeSampler(60_000, 3);
    let n = 0;
    sampler.track('counter', () => ++n);
    sampler.track('broken', () => {
      throw new Error('a broken reader must not stop the sampler');
    });
    sampler.start();
    await new Promise((r) => setTimeout(r, 50));
    const until = Date.now() + 200;
    while (Date.now() < until) {
      // busy: the loop cannot run timers
    }
    await new Promise((r) => setTimeout(r, 30));
    const s = sampler.sample();
    expect(s.eventLoopMaxMs).toBeGreaterThanOrEqual(150);
    expect(s.heapUsedBytes).toBeGreaterThan(0);
    expect(s.rssBytes).toBeGreaterThan(s.heapUsedBytes);
    expect(s.cpuPercent).toBeGreaterThan(0);
    expect(s.extra).toEqual({ counter: 1 });
    sampler.sample();
    sampler.sample();
    sampler.sample();
    expect(sampler.history()).toHaveLength(3);
    expect(sampler.latest()!.extra.counter).toBe(4);
    sampler.stop();
  });
});
