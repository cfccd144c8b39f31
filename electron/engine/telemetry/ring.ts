// One resolution tier of a printer's history: a fixed-capacity ring of time buckets, all series in one Int16Array.
import { MISSING, SERIES_COUNT, SERIES_SCALE, encode } from './series.js';

/**
 * Buckets are contiguous in time, so no timestamps are stored: slot k holds bucket (newestBucket - (count-1-k)).
 * Gaps (printer offline) are filled with MISSING. Memory grows by doubling up to `capacity`, so a farm that just
 * started does not pay for 7 days of history up front; the bound is capacity × SERIES_COUNT × 2 bytes.
 */
export class BucketRing {
  private data: Int16Array;
  private allocated: number;
  private start = 0; // slot of the oldest bucket
  private count = 0;
  private newest = -1; // bucket number (time / resolution) of the newest slot; -1 when empty

  // Accumulator for the bucket being filled: the mean of raw samples is what a closed bucket holds.
  private accBucket = -1;
  private readonly accSum = new Float64Array(SERIES_COUNT);
  private readonly accCount = new Uint32Array(SERIES_COUNT);
  // Buckets closed since the last drain (by a later sample or by the clock), for the SQLite roll-up.
  private closed: number[] = [];

  constructor(
    readonly resolutionMs: number,
    readonly capacity: number,
    initialSlots = 64,
  ) {
    this.allocated = Math.min(capacity, initialSlots);
    this.data = new Int16Array(this.allocated * SERIES_COUNT);
  }

  static bytesAtCapacity(capacity: number): number {
    return capacity * SERIES_COUNT * Int16Array.BYTES_PER_ELEMENT;
  }

  get length(): number {
    return this.count;
  }

  get bytes(): number {
    return this.data.byteLength;
  }

  /** Bucket number of the newest closed bucket, or -1. */
  get newestBucket(): number {
    return this.newest;
  }

  /** Add a raw sample (NaN = not reported) at time `at`; closes earlier buckets first. */
  add(at: number, values: Float64Array): void {
    const bucket = Math.floor(at / this.resolutionMs);
    // Late samples for a closed bucket are dropped rather than rewriting history that may already be in SQLite.
    if (bucket <= this.newest || bucket < this.accBucket) return;
    if (bucket > this.accBucket) {
      this.closeAccumulator();
      this.accBucket = bucket;
    }
    for (let s = 0; s < SERIES_COUNT; s++) {
      const v = values[s];
      if (Number.isFinite(v)) {
        this.accSum[s] += v;
        this.accCount[s]++;
      }
    }
  }

  /**
   * Close the open bucket when its time is over (now ≥ its end), so a printer that stopped reporting still gets its
   * last bucket written. Called on the clock tick.
   */
  closeUpTo(now: number): void {
    const current = Math.floor(now / this.resolutionMs);
    if (this.accBucket >= 0 && this.accBucket < current) {
      this.closeAccumulator();
    }
  }

  /** Bucket numbers closed since the last call (oldest first). */
  drainClosed(): number[] {
    const out = this.closed;
    this.closed = [];
    return out;
  }

  /** Put an already-aggregated bucket (from SQLite on start) at the head; older-than-head buckets are ignored. */
  putBucket(bucket: number, encoded: ArrayLike<number>): void {
    if (bucket <= this.newest) return;
    this.advanceTo(bucket);
    const slot = this.slotOf(this.count - 1);
    for (let s = 0; s < SERIES_COUNT; s++) this.data[slot * SERIES_COUNT + s] = encoded[s];
  }

  /**
   * Restore a stored bucket while live data may already be arriving (history loads in the background on start):
   * newer than the head → append; inside the ring → fill only if that slot is still empty (live data wins);
   * older than the oldest → extend the ring backwards while capacity allows.
   */
  restoreBucket(bucket: number, encoded: ArrayLike<number>): void {
    if (this.count === 0 || bucket > this.newest) {
      if (this.accBucket >= 0 && bucket >= this.accBucket) return; // the open bucket is live data
      this.putBucket(bucket, encoded);
      return;
    }
    const first = this.newest - this.count + 1;
    if (bucket >= first) {
      const base = this.slotOf(bucket - first) * SERIES_COUNT;
      for (let s = 0; s < SERIES_COUNT; s++) if (this.data[base + s] !== MISSING) return;
      for (let s = 0; s < SERIES_COUNT; s++) this.data[base + s] = encoded[s];
      return;
    }
    const need = first - bucket;
    if (this.count + need > this.capacity) return; // older than the ring can hold
    while (this.allocated < this.count + need) this.grow();
    for (let k = 0; k < need; k++) {
      this.start = (this.start - 1 + this.allocated) % this.allocated;
      this.data.fill(MISSING, this.start * SERIES_COUNT, this.start * SERIES_COUNT + SERIES_COUNT);
      this.count++;
    }
    for (let s = 0; s < SERIES_COUNT; s++) this.data[this.start * SERIES_COUNT + s] = encoded[s];
  }

  /** Encoded values of one bucket, or null when outside the ring. */
  getBucket(bucket: number): Int16Array | null {
    const k = this.count - 1 - (this.newest - bucket);
    if (k < 0 || k >= this.count) return null;
    const slot = this.slotOf(k);
    return this.data.subarray(slot * SERIES_COUNT, slot * SERIES_COUNT + SERIES_COUNT);
  }

  /** Buckets with number ≥ fromBucket, oldest first: times (ms, bucket start) and one decoded column per series. */
  read(fromBucket = -Infinity): { times: number[]; columns: Array<Array<number | null>> } {
    const times: number[] = [];
    const columns: Array<Array<number | null>> = Array.from({ length: SERIES_COUNT }, () => []);
    const first = this.newest - this.count + 1;
    for (let k = Math.max(0, fromBucket - first); k < this.count; k++) {
      const slot = this.slotOf(k);
      times.push((first + k) * this.resolutionMs);
      for (let s = 0; s < SERIES_COUNT; s++) {
        const raw = this.data[slot * SERIES_COUNT + s];
        columns[s].push(raw === MISSING ? null : raw / SERIES_SCALE);
      }
    }
    return { times, columns };
  }

  private closeAccumulator(): void {
    if (this.accBucket < 0) return;
    this.advanceTo(this.accBucket);
    const base = this.slotOf(this.count - 1) * SERIES_COUNT;
    for (let s = 0; s < SERIES_COUNT; s++) {
      this.data[base + s] = this.accCount[s] ? encode(this.accSum[s] / this.accCount[s]) : MISSING;
      this.accSum[s] = 0;
      this.accCount[s] = 0;
    }
    if (this.closed.length < this.capacity) this.closed.push(this.accBucket);
    this.accBucket = -1;
  }

  /** Append empty buckets up to and including `bucket` (which becomes the newest). */
  private advanceTo(bucket: number): void {
    if (this.newest >= 0 && bucket - this.newest >= this.capacity) {
      this.start = 0; // the gap is longer than the ring: nothing old survives
      this.count = 0;
      this.newest = bucket - 1;
    }
    if (this.newest < 0) this.newest = bucket - 1;
    while (this.newest < bucket) {
      this.newest++;
      if (this.count < this.capacity) {
        if (this.count === this.allocated) this.grow();
        this.count++;
      } else {
        this.start = (this.start + 1) % this.allocated;
      }
      this.data.fill(MISSING, this.slotOf(this.count - 1) * SERIES_COUNT, this.slotOf(this.count - 1) * SERIES_COUNT + SERIES_COUNT);
    }
  }

  private grow(): void {
    const next = Math.min(this.capacity, this.allocated * 2);
    const data = new Int16Array(next * SERIES_COUNT);
    // Unroll the ring into the new array so slot 0 is the oldest again.
    for (let k = 0; k < this.count; k++) {
      const from = this.slotOf(k) * SERIES_COUNT;
      data.set(this.data.subarray(from, from + SERIES_COUNT), k * SERIES_COUNT);
    }
    this.data = data;
    this.allocated = next;
    this.start = 0;
  }

  private slotOf(k: number): number {
    return (this.start + k) % this.allocated;
  }
}
