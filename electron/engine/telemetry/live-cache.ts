// Live cache: the latest PrinterStatus per printer with a per-printer change version, so a view can ask "what changed since v".
import type { PrinterStatus } from '../../shared/contract/printer-status.js';

/** One printer's entry; `status` is null once the printer was removed (a tombstone a view must learn about). */
export interface LiveEntry {
  readonly id: string;
  status: PrinterStatus | null;
  version: number;
  // Doubly linked list ordered by version, newest at the tail: changedSince walks back from the tail
  // and stops at the first older entry, so a view that is nearly up to date pays only for what changed.
  prev: LiveEntry | null;
  next: LiveEntry | null;
}

export interface LiveChange {
  id: string;
  status: PrinterStatus | null;
  version: number;
}

export class LiveCache {
  private readonly entries = new Map<string, LiveEntry>();
  private head: LiveEntry | null = null;
  private tail: LiveEntry | null = null;
  private currentVersion = 0;
  private liveCount = 0;
  private readonly listeners = new Set<(id: string, version: number) => void>();

  /** The farm-wide version: the version of the most recent change. */
  get version(): number {
    return this.currentVersion;
  }

  /** Printers with a status (tombstones excluded). */
  get size(): number {
    return this.liveCount;
  }

  /** O(1): store the status, bump its version, move it to the tail. Returns the new version. */
  update(id: string, status: PrinterStatus): number {
    return this.touch(id, status);
  }

  /** Mark a printer removed; views see it as a change with `status: null`. */
  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e || e.status === null) return;
    this.touch(id, null);
  }

  get(id: string): PrinterStatus | undefined {
    return this.entries.get(id)?.status ?? undefined;
  }

  versionOf(id: string): number {
    return this.entries.get(id)?.version ?? 0;
  }

  /** Every live printer, in no particular order. */
  all(): Array<{ id: string; status: PrinterStatus; version: number }> {
    const out: Array<{ id: string; status: PrinterStatus; version: number }> = [];
    for (const e of this.entries.values()) if (e.status) out.push({ id: e.id, status: e.status, version: e.version });
    return out;
  }

  /** Entries changed after version `since` (removals included as status null), oldest first. */
  changedSince(since: number): LiveChange[] {
    const out: LiveChange[] = [];
    for (let e = this.tail; e && e.version > since; e = e.prev) out.push({ id: e.id, status: e.status, version: e.version });
    return out.reverse();
  }

  /** Called after every change with the printer id and the new version; returns the unsubscribe. */
  onChange(listener: (id: string, version: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Drop tombstones older than `version` (views further behind than that get a full snapshot instead). */
  compactTombstones(beforeVersion: number): void {
    for (const e of [...this.entries.values()]) {
      if (e.status === null && e.version < beforeVersion) {
        this.unlink(e);
        this.entries.delete(e.id);
      }
    }
  }

  private touch(id: string, status: PrinterStatus | null): number {
    const version = ++this.currentVersion;
    let e = this.entries.get(id);
    this.liveCount += (status ? 1 : 0) - (e?.status ? 1 : 0);
    if (e) {
      this.unlink(e);
      e.status = status;
      e.version = version;
    } else {
      e = { id, status, version, prev: null, next: null };
      this.entries.set(id, e);
    }
    this.append(e);
    for (const l of this.listeners) l(id, version);
    return version;
  }

  private unlink(e: LiveEntry): void {
    if (e.prev) e.prev.next = e.next;
    else this.head = e.next;
    if (e.next) e.next.prev = e.prev;
    else this.tail = e.prev;
    e.prev = e.next = null;
  }

  private append(e: LiveEntry): void {
    e.prev = this.tail;
    e.next = null;
    if (this.tail) this.tail.next = e;
    else this.head = e;
    this.tail = e;
  }
}
