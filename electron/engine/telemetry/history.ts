// Per-printer history at three resolutions (1 s × 15 min, 10 s × 6 h, 1 min × 7 days), memory bounded, fed by status samples.
import type { PrinterStatus } from '../../shared/contract/printer-status.js';
import { BucketRing } from './ring.js';
import { SERIES_COUNT, readSeries } from './series.js';

export const TIERS = [
  { resolutionMs: 1_000, capacity: 15 * 60 }, // 15 min
  { resolutionMs: 10_000, capacity: 6 * 360 }, // 6 h
  { resolutionMs: 60_000, capacity: 7 * 24 * 60 }, // 7 days
] as const;
export type Resolution = (typeof TIERS)[number]['resolutionMs'];

/** Worst-case bytes of ring data per printer: 13,140 buckets × 9 series × 2 bytes = 236,520 B (~231 KiB). */
export const HISTORY_BYTES_PER_PRINTER = TIERS.reduce((n, t) => n + BucketRing.bytesAtCapacity(t.capacity), 0);

/**
 * Drivers report on change (Bambu sends deltas, Marlin polls M105 every few seconds), so a quiet second would be
 * a gap. The last values are held for up to this long, then the chart shows a gap (printer gone quiet / offline).
 */
export const HOLD_LAST_MS = 30_000;

/** A bucket that just closed, to be rolled up into SQLite. */
export interface ClosedBucket {
  printerId: string;
  resolutionMs: number;
  bucket: number; // start time / resolution
  values: Int16Array; // encoded, SERIES order
}

export class PrinterHistory {
  readonly rings = TIERS.map((t) => new BucketRing(t.resolutionMs, t.capacity));
  private readonly scratch = new Float64Array(SERIES_COUNT);
  private readonly last = new Float64Array(SERIES_COUNT);
  private lastAt = -1;
  private lastSecond = -1;

  constructor(readonly printerId: string) {}

  addStatus(at: number, status: PrinterStatus): void {
    if (status.state === 'offline') return; // an offline printer reports nothing; its chart shows a gap
    this.addValues(at, readSeries(status, this.scratch));
  }

  addValues(at: number, values: Float64Array): void {
    this.holdUntil(at);
    for (const ring of this.rings) ring.add(at, values);
    this.last.set(values);
    this.lastAt = at;
    this.lastSecond = Math.floor(at / 1000);
  }

  /** Close every bucket whose time is over and return them (oldest resolution first). */
  tick(now: number, out: ClosedBucket[] = []): ClosedBucket[] {
    this.holdUntil(now);
    for (const ring of this.rings) {
      ring.closeUpTo(now);
      for (const bucket of ring.drainClosed()) {
        const values = ring.getBucket(bucket);
        if (values) out.push({ printerId: this.printerId, resolutionMs: ring.resolutionMs, bucket, values: values.slice() });
      }
    }
    return out;
  }

  get bytes(): number {
    return this.rings.reduce((n, r) => n + r.bytes, 0);
  }

  ring(resolutionMs: number): BucketRing | undefined {
    return this.rings.find((r) => r.resolutionMs === resolutionMs);
  }

  /** Repeat the last sample once per second up to `now` (exclusive), within HOLD_LAST_MS of the real one. */
  private holdUntil(now: number): void {
    if (this.lastAt < 0) return;
    const second = Math.floor(now / 1000);
    for (let s = this.lastSecond + 1; s < second && s * 1000 - this.lastAt <= HOLD_LAST_MS; s++) {
      for (const ring of this.rings) ring.add(s * 1000, this.last);
      this.lastSecond = s;
    }
  }
}

/** History for the whole farm. */
export class FarmHistory {
  private readonly printers = new Map<string, PrinterHistory>();

  for(printerId: string): PrinterHistory {
    let h = this.printers.get(printerId);
    if (!h) {
      h = new PrinterHistory(printerId);
      this.printers.set(printerId, h);
    }
    return h;
  }

  get(printerId: string): PrinterHistory | undefined {
    return this.printers.get(printerId);
  }

  delete(printerId: string): void {
    this.printers.delete(printerId);
  }

  tick(now: number): ClosedBucket[] {
    const out: ClosedBucket[] = [];
    for (const h of this.printers.values()) h.tick(now, out);
    return out;
  }

  get bytes(): number {
    let n = 0;
    for (const h of this.printers.values()) n += h.bytes;
    return n;
  }

  get size(): number {
    return this.printers.size;
  }
}
