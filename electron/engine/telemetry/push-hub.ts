// Subscriptions of views to telemetry: each gets its own coalescer (≤ N pushes/s) over its own feed.
import type { FarmDiff, PrinterDetailPush } from '../../shared/contract/telemetry-types.js';
import { Coalescer, type PushClock } from './coalescer.js';
import { FarmFeed, PrinterDetailFeed, type FeedSource } from './feeds.js';
import type { FarmHistory } from './history.js';

export const MAX_PUSHES_PER_SECOND = 10; // UI budget in DESIGN.md: ≤ 10 Hz per view

export interface PushSubscription {
  /** Hidden view: stop pushing; on resume one diff catches it up. */
  pause(): void;
  resume(): void;
  /** The client saw a version gap (a dropped push): the next push is a full snapshot. */
  resync(): void;
  unsubscribe(): void;
}

/** `send` returns false when the transport is congested; the push is then rebuilt later, never queued. */
export type Sender<P> = (payload: P) => boolean | void;

export class PushHub {
  private readonly farmSubs = new Set<{ coalescer: Coalescer<FarmDiff> }>();
  private readonly printerSubs = new Map<string, Set<{ coalescer: Coalescer<PrinterDetailPush> }>>();

  constructor(
    private readonly source: FeedSource & { history: FarmHistory },
    private readonly options: { maxPerSecond?: number; clock?: PushClock } = {},
  ) {}

  subscribeFarm(send: Sender<FarmDiff>): PushSubscription {
    const feed = new FarmFeed(this.source);
    const coalescer = new Coalescer<FarmDiff>({
      maxPerSecond: this.options.maxPerSecond ?? MAX_PUSHES_PER_SECOND,
      clock: this.options.clock,
      build: () => feed.build(),
      send,
      committed: () => feed.commit(),
    });
    const sub = { coalescer };
    this.farmSubs.add(sub);
    coalescer.notify(); // first push: the full snapshot
    return {
      pause: () => coalescer.pause(),
      resume: () => coalescer.resume(),
      resync: () => {
        feed.reset();
        coalescer.notify();
      },
      unsubscribe: () => {
        coalescer.close();
        this.farmSubs.delete(sub);
      },
    };
  }

  subscribePrinter(printerId: string, send: Sender<PrinterDetailPush>): PushSubscription {
    const feed = new PrinterDetailFeed(printerId, this.source.cache, this.source.history);
    const coalescer = new Coalescer<PrinterDetailPush>({
      maxPerSecond: this.options.maxPerSecond ?? MAX_PUSHES_PER_SECOND,
      clock: this.options.clock,
      build: () => feed.build(),
      send,
      committed: () => feed.commit(),
    });
    const sub = { coalescer };
    let set = this.printerSubs.get(printerId);
    if (!set) this.printerSubs.set(printerId, (set = new Set()));
    set.add(sub);
    coalescer.notify();
    return {
      pause: () => coalescer.pause(),
      resume: () => coalescer.resume(),
      resync: () => coalescer.notify(),
      unsubscribe: () => {
        coalescer.close();
        set.delete(sub);
        if (set.size === 0) this.printerSubs.delete(printerId);
      },
    };
  }

  /** A printer's status changed: every farm view and that printer's detail views become dirty. O(views). */
  statusChanged(printerId: string): void {
    for (const sub of this.farmSubs) sub.coalescer.notify();
    const set = this.printerSubs.get(printerId);
    if (set) for (const sub of set) sub.coalescer.notify();
  }

  /** New 1 s history buckets closed: detail views stream them (the 1 Hz chart). */
  historyTicked(): void {
    for (const set of this.printerSubs.values()) for (const sub of set) sub.coalescer.notify();
  }

  get subscriptionCount(): number {
    let n = this.farmSubs.size;
    for (const set of this.printerSubs.values()) n += set.size;
    return n;
  }

  close(): void {
    for (const sub of this.farmSubs) sub.coalescer.close();
    for (const set of this.printerSubs.values()) for (const sub of set) sub.coalescer.close();
    this.farmSubs.clear();
    this.printerSubs.clear();
  }
}
