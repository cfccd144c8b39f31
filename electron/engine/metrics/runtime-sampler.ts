// Engine runtime metrics sampled every 2 s: event-loop lag (perf_hooks), heap, RSS, process CPU, plus whatever
// series the engine adds (message rate, DB write p99…) — kept as a 10-minute ring for the Metrics room charts.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

export interface RuntimeSample {
  at: number; // epoch ms
  eventLoopP50Ms: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
  heapUsedBytes: number;
  rssBytes: number;
  /** Process CPU over the last interval, % of one core (can exceed 100 with worker threads). */
  cpuPercent: number;
  /** Extra series registered by other parts of the engine. */
  extra: Record<string, number>;
}

export class RuntimeSampler {
  private readonly loop: IntervalHistogram;
  private readonly ring: RuntimeSample[] = [];
  private readonly extras = new Map<string, () => number>();
  private timer: NodeJS.Timeout | null = null;
  private lastCpu = process.cpuUsage();
  private lastAt = performance.now();
  private latestSample: RuntimeSample | null = null;

  constructor(
    private readonly intervalMs = 2000,
    private readonly keep = 300, // 10 minutes at 2 s
    private readonly onSample?: (sample: RuntimeSample) => void,
  ) {
    // 10 ms resolution: enough to see a 100 ms stall, cheap enough to leave on.
    this.loop = monitorEventLoopDelay({ resolution: 10 });
  }

  /** Add a series read at each sample (e.g. 'messagesPerSecond'). */
  track(name: string, read: () => number): void {
    this.extras.set(name, read);
  }

  start(): void {
    if (this.timer) return;
    this.loop.enable();
    this.lastCpu = process.cpuUsage();
    this.lastAt = performance.now();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.loop.disable();
  }

  latest(): RuntimeSample | null {
    return this.latestSample;
  }

  history(): RuntimeSample[] {
    return this.ring.slice();
  }

  sample(): RuntimeSample {
    const now = performance.now();
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedMs = Math.max(1, now - this.lastAt);
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    const mem = process.memoryUsage();
    const ns = (v: number) => (Number.isFinite(v) ? v / 1e6 : 0);
    const extra: Record<string, number> = {};
    for (const [name, read] of this.extras) {
      try {
        const v = read();
        if (Number.isFinite(v)) extra[name] = v;
      } catch {
        // a broken reader must not stop the sampler
      }
    }
    const sample: RuntimeSample = {
      at: Date.now(),
      eventLoopP50Ms: this.loop.count ? ns(this.loop.percentile(50)) : 0,
      eventLoopP99Ms: this.loop.count ? ns(this.loop.percentile(99)) : 0,
      eventLoopMaxMs: this.loop.count ? ns(this.loop.max) : 0,
      heapUsedBytes: mem.heapUsed,
      rssBytes: mem.rss,
      cpuPercent: ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100,
      extra,
    };
    this.loop.reset();
    this.ring.push(sample);
    if (this.ring.length > this.keep) this.ring.shift();
    this.latestSample = sample;
    this.onSample?.(sample);
    return sample;
  }
}
