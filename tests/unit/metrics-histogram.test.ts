// Histogram quantiles against exact values, and the Prometheus text the /metrics endpoint serves.
import { describe, expect, it } from 'vitest';
import { Histogram } from '../../electron/engine/metrics/histogram.js';
import { MetricsRegistry } from '../../electron/engine/metrics/registry.js';

describe('histogram', () => {
  it('reports p50/p95/p99 within 5 % of the exact quantiles', () => {
    const h = new Histogram();
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const v = 0.05 + (seed / 2 ** 31) ** 3 * 200; // skewed, like latencies
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    const exact = (q: number) => values[Math.ceil(q * values.length) - 1];
    for (const q of [0.5, 0.95, 0.99]) expect(Math.abs(h.quantile(q) - exact(q)) / exact(q)).toBeLessThan(0.05);
    const snap = h.snapshot();
    expect(snap.count).toBe(20_000);
    expect(snap.max).toBe(values.at(-1));
  });

  it('ignores NaN and negative durations', () => {
    const h = new Histogram();
    h.record(Number.NaN);
    h.record(-1);
    expect(h.count).toBe(0);
    expect(h.snapshot().p99).toBe(0);
  });

  it('renders Prometheus text with buckets, counters and gauges', () => {
    const m = new MetricsRegistry();
    m.callHistogram('http', 'app.info').record(0.3);
    m.callHistogram('http', 'app.info').record(3);
    m.increment('serial_resends', 4);
    m.gauge('printers_connected', () => 12);
    m.gauge('broken', () => {
      throw new Error('x');
    });
    const text = m.prometheus();
    expect(text).toContain('printfarm_call_duration_seconds_bucket{door="http",method="app.info",le="0.001"} 1');
    expect(text).toContain('printfarm_call_duration_seconds_count{door="http",method="app.info"} 2');
    expect(text).toContain('printfarm_serial_resends_total 4');
    expect(text).toContain('printfarm_printers_connected 12');
    expect(text).not.toContain('broken');
  });
});
