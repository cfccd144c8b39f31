// Metrics registry: call histograms, counters and gauges, with a snapshot and Prometheus text rendering.
import type { MetricsSnapshot } from '../../shared/contract/app.js';
import { Histogram } from './histogram.js';

const PROM_BOUNDS_MS = [0.1, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000];

export class MetricsRegistry {
  private readonly calls = new Map<string, Histogram>();
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, () => number>();

  /** The histogram for a contract call through one door; key `door:group.name`. */
  callHistogram(door: string, method: string): Histogram {
    const key = `${door}:${method}`;
    let histogram = this.calls.get(key);
    if (!histogram) this.calls.set(key, (histogram = new Histogram()));
    return histogram;
  }

  increment(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  /** A gauge is read when a snapshot is taken, so it costs nothing between snapshots. */
  gauge(name: string, read: () => number): void {
    this.gauges.set(name, read);
  }

  snapshot(): MetricsSnapshot {
    const calls: MetricsSnapshot['calls'] = {};
    for (const [key, histogram] of this.calls) calls[key] = histogram.snapshot();
    const gauges: Record<string, number> = {};
    for (const [name, read] of this.gauges) {
      const value = safeRead(read);
      if (value !== null) gauges[name] = value;
    }
    return { takenAt: Date.now(), calls, counters: Object.fromEntries(this.counters), gauges };
  }

  /** Prometheus text exposition format 0.0.4. */
  prometheus(): string {
    const lines: string[] = [];
    lines.push('# HELP printfarm_call_duration_seconds Contract call duration by door and method.');
    lines.push('# TYPE printfarm_call_duration_seconds histogram');
    for (const [key, histogram] of this.calls) {
      const [door, method] = splitKey(key);
      const labels = `door="${escapeLabel(door)}",method="${escapeLabel(method)}"`;
      const cumulative = histogram.cumulativeAt(PROM_BOUNDS_MS);
      PROM_BOUNDS_MS.forEach((bound, i) => {
        lines.push(`printfarm_call_duration_seconds_bucket{${labels},le="${bound / 1000}"} ${cumulative[i]}`);
      });
      lines.push(`printfarm_call_duration_seconds_bucket{${labels},le="+Inf"} ${histogram.count}`);
      lines.push(`printfarm_call_duration_seconds_sum{${labels}} ${histogram.totalMs / 1000}`);
      lines.push(`printfarm_call_duration_seconds_count{${labels}} ${histogram.count}`);
    }
    for (const [name, value] of this.counters) {
      const metric = `printfarm_${sanitize(name)}_total`;
      lines.push(`# TYPE ${metric} counter`, `${metric} ${value}`);
    }
    for (const [name, read] of this.gauges) {
      const value = safeRead(read);
      if (value === null) continue;
      const metric = `printfarm_${sanitize(name)}`;
      lines.push(`# TYPE ${metric} gauge`, `${metric} ${value}`);
    }
    return lines.join('\n') + '\n';
  }
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}
function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_');
}
function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
function safeRead(read: () => number): number | null {
  try {
    const value = read();
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}
