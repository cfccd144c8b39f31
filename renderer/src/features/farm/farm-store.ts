// The farm grid's store: cards by id, fed by telemetry:farm diffs (chained by version) over a telemetry.farm snapshot.
// A patched card is a new object; untouched cards keep their identity, so memoized cards skip re-rendering.
import type { FarmCard, FarmDiff } from '../../../../electron/shared/contract/telemetry-types.js';

export interface FarmSnapshot {
  version: number;
  cards: ReadonlyMap<string, FarmCard>;
  /** Ids sorted by name; a new array only when printers are added/removed/renamed. */
  order: readonly string[];
  loaded: boolean;
}

export class FarmStore {
  private cards = new Map<string, FarmCard>();
  private order: string[] = [];
  private version = 0;
  private loaded = false;
  private snapshot: FarmSnapshot = { version: 0, cards: this.cards, order: this.order, loaded: false };
  private readonly listeners = new Set<() => void>();

  /** Apply a push. Returns false on a version gap (a push was dropped): the caller re-reads the snapshot. */
  apply(diff: FarmDiff): boolean {
    if (diff.full) {
      this.cards = new Map();
      for (const card of diff.changed as FarmCard[]) this.cards.set(card.id, card);
      this.version = diff.toVersion;
      this.loaded = true;
      this.reorder();
      this.publish();
      return true;
    }
    if (!this.loaded || diff.toVersion <= this.version) return true; // not loaded yet, or already covered by the snapshot
    // A diff from an older base still applies to newer state: it carries every field that changed since its base.
    if (diff.fromVersion > this.version) return false;
    const cards = new Map(this.cards);
    let membership = diff.removed.length > 0;
    for (const patch of diff.changed) {
      const old = cards.get(patch.id);
      if (!old) membership = true;
      else if (patch.name !== undefined && patch.name !== old.name) membership = true;
      cards.set(patch.id, { ...(old as FarmCard), ...patch } as FarmCard);
    }
    for (const id of diff.removed) cards.delete(id);
    this.cards = cards;
    this.version = diff.toVersion;
    if (membership) this.reorder();
    this.publish();
    return true;
  }

  getSnapshot = (): FarmSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private reorder(): void {
    const collator = new Intl.Collator(undefined, { numeric: true });
    this.order = [...this.cards.values()].sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id)).map((c) => c.id);
  }

  private publish(): void {
    this.snapshot = { version: this.version, cards: this.cards, order: this.order, loaded: this.loaded };
    for (const l of this.listeners) l();
  }
}
