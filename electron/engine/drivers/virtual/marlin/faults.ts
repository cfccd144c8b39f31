// Fault injection settings for the virtual Marlin printer, and a seeded RNG so faulty runs are reproducible.

export interface MarlinFaults {
  /** Probability per received line that one byte is corrupted on the wire (checksum mismatch). */
  checksumCorruptionRate?: number;
  /** Probability per received line that the whole line vanishes (the next one gets a line-number error). */
  dropLineRate?: number;
  /** Probability per line that a burst of `stormLength` consecutive lines is corrupted (a resend storm). */
  resendStormRate?: number;
  stormLength?: number;
  /** Probability that a resend request (Error+Resend+ok) is emitted twice. */
  duplicateResendRate?: number;
  /** Probability that an `ok` is never sent (the command still executes). */
  lostOkRate?: number;
  /** Probability per command of a long busy period (`echo:busy: processing` keep-alives) of `longBusyMs`. */
  longBusyRate?: number;
  longBusyMs?: number;
}

/** Mulberry32: tiny, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
