// Coalesced push for one subscription: at most N sends per second, each built fresh from the latest state (no backlog).
export interface PushClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: PushClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface CoalescerOptions<P> {
  /** Upper bound on sends per second (UI budget: 10 per view). */
  maxPerSecond: number;
  /**
   * Build the message for everything that changed since the last send, or null if nothing in scope did.
   * Called only when a send is due, so 500 changes between two sends cost one build, not 500.
   */
  build(): P | null;
  /** Deliver it. Return false when the transport is congested (a slow view): nothing is queued, we retry later. */
  send(payload: P): boolean | void;
  /** Told when `build` produced a message that was sent, so the builder can advance its "last sent" mark. */
  committed?(payload: P): void;
  clock?: PushClock;
}

/**
 * Why not a queue: a view only needs the latest state. Changes mark the subscription dirty; when the rate allows,
 * one diff is built from the current state. A hidden or congested view just stays dirty — its backlog is one flag.
 */
export class Coalescer<P> {
  private readonly minIntervalMs: number;
  private readonly clock: PushClock;
  private lastSentAt = -Infinity;
  private timer: unknown = null;
  private dirty = false;
  private paused = false;
  private closed = false;
  sent = 0;
  skippedCongested = 0;

  constructor(private readonly options: CoalescerOptions<P>) {
    this.minIntervalMs = 1000 / options.maxPerSecond;
    this.clock = options.clock ?? realClock;
  }

  /** Something in scope changed. Cheap: a flag and at most one pending timer. */
  notify(): void {
    if (this.closed) return;
    this.dirty = true;
    if (!this.paused) this.schedule();
  }

  /** A hidden view: stop sending; changes keep accumulating as "dirty" only. */
  pause(): void {
    this.paused = true;
    this.cancelTimer();
  }

  /** Visible again: one diff brings it up to date (at the allowed rate). */
  resume(): void {
    if (this.closed) return;
    this.paused = false;
    if (this.dirty) this.schedule();
  }

  close(): void {
    this.closed = true;
    this.cancelTimer();
  }

  private schedule(): void {
    if (this.timer !== null) return;
    // Even when a send is allowed now, wait for the current burst of synchronous updates to finish (delay 0).
    // Rounded up to whole ms so float error can never squeeze an extra push into a one-second window.
    const wait = Math.max(0, Math.ceil(this.lastSentAt + this.minIntervalMs - this.clock.now()));
    this.timer = this.clock.setTimeout(() => this.flush(), wait);
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private flush(): void {
    this.timer = null;
    if (this.closed || this.paused || !this.dirty) return;
    const now = this.clock.now();
    if (now < this.lastSentAt + this.minIntervalMs) {
      this.schedule(); // a timer fired early (clock skew); never exceed the rate
      return;
    }
    this.dirty = false;
    const payload = this.options.build();
    // Every outcome uses up the slot — nothing visible changed, congested, or sent — so a view costs at most
    // maxPerSecond builds a second however many reports arrive.
    if (payload === null) {
      this.lastSentAt = now;
      return;
    }
    // Stamp at the send, after the build: a slow build before a fast one must not squeeze two sends closer than
    // the interval (measured at the transport, pushes are then always ≥ 1/maxPerSecond apart).
    this.lastSentAt = this.clock.now();
    const accepted = this.options.send(payload);
    if (accepted === false) {
      this.skippedCongested++;
      this.dirty = true;
      this.schedule();
      return;
    }
    this.sent++;
    this.options.committed?.(payload);
  }
}
