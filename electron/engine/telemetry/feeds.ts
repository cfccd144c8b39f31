// Builders of the two views' pushes: the farm grid (card patches since the last push) and one printer's detail.
import type { FarmCard, FarmDiff, PrinterDetailPush } from '../../shared/contract/telemetry-types.js';
import { diffCard, toFarmCard, type PrinterIdentity } from './farm-card.js';
import type { FarmHistory } from './history.js';
import type { LiveCache } from './live-cache.js';

export interface FeedSource {
  cache: LiveCache;
  identity(id: string): PrinterIdentity;
  stateSince(id: string): number;
}

/**
 * Keeps what this view was last sent, so each push carries only changed fields of changed printers.
 * `build` does not advance the mark; `commit` does, once the transport accepted the push.
 */
export class FarmFeed {
  private sentVersion = 0;
  private readonly sent = new Map<string, FarmCard>();
  private pending: { version: number; cards: FarmCard[]; removed: string[] } | null = null;

  constructor(private readonly source: FeedSource) {}

  /** Everything, as a full push (first push, or a client that asked to resync). */
  snapshot(): FarmDiff {
    const { cache } = this.source;
    const cards = cache.all().map((e) => toFarmCard(e.id, this.source.identity(e.id), e.status, this.source.stateSince(e.id)));
    return { full: true, fromVersion: 0, toVersion: cache.version, changed: cards, removed: [] };
  }

  build(): FarmDiff | null {
    const { cache } = this.source;
    if (this.sentVersion === 0) {
      const full = this.snapshot();
      this.pending = { version: full.toVersion, cards: full.changed as FarmCard[], removed: [] };
      return full;
    }
    const changes = cache.changedSince(this.sentVersion);
    if (changes.length === 0) return null;
    const patches: FarmDiff['changed'] = [];
    const cards: FarmCard[] = [];
    const removed: string[] = [];
    for (const change of changes) {
      if (change.status === null) {
        if (this.sent.has(change.id)) removed.push(change.id);
        continue;
      }
      const card = toFarmCard(change.id, this.source.identity(change.id), change.status, this.source.stateSince(change.id));
      const patch = diffCard(this.sent.get(change.id), card);
      if (patch) {
        patches.push(patch);
        cards.push(card);
      }
    }
    const version = cache.version;
    this.pending = { version, cards, removed };
    if (patches.length === 0 && removed.length === 0) {
      this.commit(); // only invisible fields moved (position, sub-degree jitter): nothing to send, but we are current
      return null;
    }
    return { full: false, fromVersion: this.sentVersion, toVersion: version, changed: patches, removed };
  }

  commit(): void {
    if (!this.pending) return;
    if (this.sentVersion === 0) this.sent.clear();
    for (const card of this.pending.cards) this.sent.set(card.id, card);
    for (const id of this.pending.removed) this.sent.delete(id);
    this.sentVersion = this.pending.version;
    this.pending = null;
  }

  /** Start over with a full push (client saw a version gap). */
  reset(): void {
    this.sentVersion = 0;
    this.pending = null;
  }
}

/** One printer's detail: the full status when it changed, plus 1 s history buckets closed since the last push. */
export class PrinterDetailFeed {
  private sentVersion = -1;
  private sentBucket = -1;
  private pending: { version: number; bucket: number } | null = null;

  constructor(
    readonly printerId: string,
    private readonly cache: LiveCache,
    private readonly history: FarmHistory,
  ) {}

  build(): PrinterDetailPush | null {
    const version = this.cache.versionOf(this.printerId);
    const ring = this.history.get(this.printerId)?.rings[0];
    const newestBucket = ring ? ring.newestBucket : -1;
    const statusChanged = version !== this.sentVersion;
    const newPoints = newestBucket > this.sentBucket && this.sentBucket >= 0;
    if (!statusChanged && !newPoints) {
      if (this.sentBucket < 0) this.sentBucket = newestBucket; // first push: history comes from the history query
      return null;
    }
    this.pending = { version, bucket: newestBucket };
    const slice = newPoints && ring ? ring.read(this.sentBucket + 1) : null;
    return {
      id: this.printerId,
      version,
      status: statusChanged ? (this.cache.get(this.printerId) ?? null) : null,
      points: slice ? { resolutionMs: ring!.resolutionMs, times: slice.times, columns: slice.columns } : null,
    };
  }

  commit(): void {
    if (!this.pending) return;
    this.sentVersion = this.pending.version;
    this.sentBucket = this.pending.bucket;
    this.pending = null;
  }
}
