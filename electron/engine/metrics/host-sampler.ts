// Reads host metrics in the background every 2 s and caches them, so a request never waits on systeminformation
// (its first currentLoad() call alone takes ~0.5 s).
import os from 'node:os';
import type { HostReading } from '../../../native/host.js';
import type { HostMetrics } from '../../shared/contract/app.js';

export type HostReader = () => Promise<HostReading>;

export class HostSampler {
  private latest: HostMetrics | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading = false;

  constructor(
    private readonly read: HostReader,
    private readonly onSample: (sample: HostMetrics) => void,
    private readonly intervalMs = 2000,
  ) {}

  start(): void {
    if (this.timer) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The cached sample (null until the first read finishes); never blocks. */
  current(): HostMetrics | null {
    return this.latest;
  }

  private async sample(): Promise<void> {
    if (this.reading) return; // a slow read must not pile up behind itself
    this.reading = true;
    try {
      const r = await this.read();
      const mem = process.memoryUsage();
      this.latest = {
        sampledAt: Date.now(),
        cpu: { loadPercent: r.loadPercent, cores: os.cpus().length, perCore: r.perCore },
        memory: { totalBytes: r.totalBytes, usedBytes: r.usedBytes, availableBytes: r.availableBytes },
        temperatures: { cpuMain: r.cpuMain, cpuMax: r.cpuMax },
        process: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed, uptimeSeconds: process.uptime() },
      };
      this.onSample(this.latest);
    } catch {
      // A failed read keeps the previous sample; the next tick tries again.
    } finally {
      this.reading = false;
    }
  }
}
