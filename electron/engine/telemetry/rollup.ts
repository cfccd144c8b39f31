// Once a second: close history buckets and write them to SQLite in one transaction; prune old rows on a schedule;
// refill the rings from SQLite on start so charts survive restarts.
import type { TelemetryRepo } from '../store/telemetry-repo.js';
import { TIERS, type FarmHistory } from './history.js';

export interface RollupStats {
  rowsWritten: number;
  batches: number;
  lastBatchRows: number;
  rowsPruned: number;
}

export interface RollupOptions {
  history: FarmHistory;
  repo: TelemetryRepo;
  /** Told the duration of each batch write (ms) and its row count: DB write latency metric. */
  onWrite?: (ms: number, rows: number) => void;
  onError?: (error: unknown) => void;
  /** Called after each tick (after the write), e.g. to stream new chart points. */
  onTick?: (now: number) => void;
  pruneEveryMs?: number;
  now?: () => number;
}

export class Rollup {
  readonly stats: RollupStats = { rowsWritten: 0, batches: 0, lastBatchRows: 0, rowsPruned: 0 };
  private timer: NodeJS.Timeout | null = null;
  private lastPrune = 0;
  private restoreCancelled = false;
  private readonly now: () => number;

  constructor(private readonly options: RollupOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Load what SQLite holds for the retention window of each tier into the rings. Returns rows restored. */
  restore(now = this.now()): number {
    let rows = 0;
    for (const tier of TIERS) {
      const from = Math.floor(now / tier.resolutionMs) - tier.capacity; // the ring keeps the newest `capacity` of these
      for (const row of this.options.repo.load(tier.resolutionMs, from)) {
        this.options.history.for(row.printerId).ring(tier.resolutionMs)?.putBucket(row.bucket, row.values);
        rows++;
      }
    }
    return rows;
  }

  /**
   * The same as restore(), in pages that yield to the event loop, so a week of history for a big farm (millions of
   * rows) does not hold up start-up; live data arriving meanwhile wins over stored buckets for the same time.
   */
  async restoreInBackground(now = this.now(), pageRows = 20_000): Promise<number> {
    let rows = 0;
    // Finest tier first: the charts people look at first (15 min) fill in first.
    for (const tier of TIERS) {
      const from = Math.floor(now / tier.resolutionMs) - tier.capacity;
      let after: { bucket: number; printerId: string } | null = null;
      for (;;) {
        if (this.restoreCancelled) return rows;
        const page = this.options.repo.loadPage(tier.resolutionMs, from, after, pageRows);
        for (const row of page) this.options.history.for(row.printerId).ring(tier.resolutionMs)?.restoreBucket(row.bucket, row.values);
        rows += page.length;
        if (page.length < pageRows) break;
        const last = page[page.length - 1];
        after = { bucket: last.bucket, printerId: last.printerId };
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return rows;
  }

  start(): void {
    if (this.timer) return;
    this.schedule();
  }

  stop(): void {
    this.restoreCancelled = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Close due buckets, write them, prune when due. Public so tests and shutdown can flush synchronously. */
  tick(now = this.now()): number {
    const closed = this.options.history.tick(now);
    let rows = 0;
    try {
      const started = performance.now();
      rows = this.options.repo.write(closed);
      if (rows) this.options.onWrite?.(performance.now() - started, rows);
      this.stats.rowsWritten += rows;
      this.stats.lastBatchRows = rows;
      if (rows) this.stats.batches++;
      if (now - this.lastPrune >= (this.options.pruneEveryMs ?? 60_000)) {
        this.lastPrune = now;
        this.prune(now);
      }
    } catch (error) {
      // A full disk or a locked file must not take telemetry down; the next second tries again with new buckets.
      this.options.onError?.(error);
    }
    this.options.onTick?.(now);
    return rows;
  }

  prune(now = this.now()): number {
    let n = 0;
    for (const tier of TIERS) n += this.options.repo.prune(tier.resolutionMs, Math.floor(now / tier.resolutionMs) - tier.capacity);
    this.stats.rowsPruned += n;
    return n;
  }

  // Ticks land just after each whole second, so the bucket that just ended is written within a few ms of closing:
  // a crash loses at most the second in progress plus the one whose write had not yet run (invariant 5).
  private schedule(): void {
    const now = this.now();
    const delay = 1000 - (now % 1000) + 5;
    this.timer = setTimeout(() => {
      this.tick();
      if (this.timer) this.schedule();
    }, delay);
    this.timer.unref();
  }
}
