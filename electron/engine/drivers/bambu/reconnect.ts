// Reconnect delays with jittered exponential backoff and a per-printer circuit breaker (pure).

export interface ReconnectOptions {
  baseMs?: number;
  maxMs?: number;
  /** Consecutive failures that open the circuit. */
  breakerThreshold?: number;
  /** How long an open circuit waits before one more (half-open) attempt. */
  breakerCooldownMs?: number;
  random?: () => number;
}

export interface ReconnectDecision {
  delayMs: number;
  circuitOpen: boolean;
  attempt: number;
}

export class ReconnectPolicy {
  private failures = 0;
  private readonly o: Required<ReconnectOptions>;

  constructor(options: ReconnectOptions = {}) {
    // pybambu reconnects between 1 s and 30 s; a printer that is off for the night should not be dialled every 30 s.
    this.o = { baseMs: 1000, maxMs: 30_000, breakerThreshold: 8, breakerCooldownMs: 5 * 60_000, random: Math.random, ...options };
  }

  failed(): ReconnectDecision {
    this.failures += 1;
    if (this.failures >= this.o.breakerThreshold) {
      return { delayMs: this.o.breakerCooldownMs, circuitOpen: true, attempt: this.failures };
    }
    const exp = Math.min(this.o.maxMs, this.o.baseMs * 2 ** (this.failures - 1));
    // Full jitter on the upper half, so 250 printers that lost Wi-Fi together do not reconnect in lockstep.
    const delayMs = Math.round(exp / 2 + (exp / 2) * this.o.random());
    return { delayMs, circuitOpen: false, attempt: this.failures };
  }

  succeeded(): void {
    this.failures = 0;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }
}
