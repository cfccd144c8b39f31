// Log-bucketed latency histogram: constant memory, O(1) record, p50/p95/p99 within ~2 % of the true value.
import type { HistogramSnapshot } from '../../shared/contract/app.js';

// Buckets grow by 4 % from 1 µs: 1 µs … ~10 min in ~520 buckets (values in milliseconds).
const GROWTH = 1.04;
const MIN_MS = 0.001;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = 520;

export class Histogram {
  private counts = new Uint32Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private maxValue = 0;

  record(valueMs: number): void {
    if (!(valueMs >= 0)) return; // NaN and negatives are not durations
    const index = valueMs <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(valueMs / MIN_MS) / LOG_GROWTH));
    this.counts[index]++;
    this.total++;
    this.sum += valueMs;
    if (valueMs > this.maxValue) this.maxValue = valueMs;
  }

  /** Time a synchronous or async function and record its duration. */
  async time<T>(fn: () => Promise<T> | T): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.record(performance.now() - start);
    }
  }

  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= rank) return Math.min(this.maxValue, i === 0 ? MIN_MS : MIN_MS * GROWTH ** i);
    }
    return this.maxValue;
  }

  get count(): number {
    return this.total;
  }

  snapshot(): HistogramSnapshot {
    return {
      count: this.total,
      p50: this.quantile(0.5),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      max: this.maxValue,
      mean: this.total ? this.sum / this.total : 0,
    };
  }

  /** Cumulative counts at the given upper bounds (ms), for Prometheus `_bucket` lines. */
  cumulativeAt(boundsMs: readonly number[]): number[] {
    return boundsMs.map((bound) => {
      let n = 0;
      for (let i = 0; i < BUCKETS; i++) {
        const upper = i === 0 ? MIN_MS : MIN_MS * GROWTH ** i;
        if (upper > bound) break;
        n += this.counts[i];
      }
      return n;
    });
  }

  get totalMs(): number {
    return this.sum;
  }

  reset(): void {
    this.counts = new Uint32Array(BUCKETS);
    this.total = 0;
    this.sum = 0;
    this.maxValue = 0;
  }
}
