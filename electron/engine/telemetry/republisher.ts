// Rate-limited re-publication for other instances (seam for the sync issue): send a value when it moved more than
// its threshold or when it has not been sent for `heartbeatMs` — never on every jitter.
export interface RepublishPolicy {
  /** Per numeric field: republish when |new − last published| > threshold. Fields not listed: any change counts. */
  thresholds: Record<string, number>;
  /** Republish anyway after this long, so a remote instance knows the value is still current. */
  heartbeatMs: number;
  /** Never republish one key more often than this, even if it moves a lot (a flapping sensor). */
  minIntervalMs: number;
}

export type Flat = Record<string, number | string | boolean | null>;

export const DEFAULT_REPUBLISH_POLICY: RepublishPolicy = {
  thresholds: { toolActual: 2, bedActual: 1, chamberActual: 1, progress: 1, remainingMinutes: 1, toolTarget: 0, bedTarget: 0 },
  heartbeatMs: 30_000,
  minIntervalMs: 1_000,
};

export class Republisher {
  private readonly last = new Map<string, { value: Flat; at: number }>();

  constructor(private readonly policy: RepublishPolicy = DEFAULT_REPUBLISH_POLICY) {}

  /** Offer the latest value of `key`. Returns true when it should be published now (and records it as published). */
  offer(key: string, value: Flat, now: number): boolean {
    const prev = this.last.get(key);
    if (!prev || this.due(prev, value, now)) {
      this.last.set(key, { value: { ...value }, at: now });
      return true;
    }
    return false;
  }

  /** Forget a key (printer removed): its next offer is published at once. */
  forget(key: string): void {
    this.last.delete(key);
  }

  private due(prev: { value: Flat; at: number }, value: Flat, now: number): boolean {
    const elapsed = now - prev.at;
    if (elapsed >= this.policy.heartbeatMs) return true;
    if (elapsed < this.policy.minIntervalMs) return false;
    for (const field of Object.keys(value)) {
      const a = prev.value[field];
      const b = value[field];
      if (a === b) continue;
      const threshold = this.policy.thresholds[field];
      if (threshold === undefined || typeof a !== 'number' || typeof b !== 'number') return true; // state word, name, null↔value
      if (Math.abs(b - a) > threshold) return true;
    }
    for (const field of Object.keys(prev.value)) if (!(field in value)) return true;
    return false;
  }
}
