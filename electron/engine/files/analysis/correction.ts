// Per-printer correction factor for print-time estimates, learned from finished jobs (issue #5 item 4).
// Pure functions: the jobs issue feeds them (actualSeconds, estimatedSeconds) pairs and applies the factor when planning.

export interface FinishedJobTiming {
  /** Wall-clock print time measured on the printer, seconds (heat-up excluded). */
  actualSeconds: number;
  /** Our planner's estimate for the same file, seconds. */
  estimatedSeconds: number;
  /** Optional weight (e.g. more recent jobs count more); default 1. */
  weight?: number;
}

export interface CorrectionOptions {
  /** Jobs below this estimate are ignored (tiny jobs are dominated by start/end G-code noise). Default 300 s. */
  minEstimatedSeconds?: number;
  /** Fewer usable jobs than this → factor 1 (not enough evidence). Default 1. */
  minJobs?: number;
  /** The factor is clamped to [1/maxRatio, maxRatio]; outliers (aborted/paused jobs) are dropped beyond it. Default 2. */
  maxRatio?: number;
}

/**
 * actual ÷ estimated, as a weighted ratio of sums (long jobs count proportionally more, which is what matters when
 * the factor is applied to long prints). Pairs that are non-finite, non-positive or outliers are ignored.
 */
export function correctionFactor(jobs: readonly FinishedJobTiming[], options: CorrectionOptions = {}): number {
  const minEst = options.minEstimatedSeconds ?? 300;
  const minJobs = options.minJobs ?? 1;
  const maxRatio = options.maxRatio ?? 2;
  let actual = 0;
  let estimated = 0;
  let used = 0;
  for (const job of jobs) {
    const w = job.weight ?? 1;
    if (!(Number.isFinite(job.actualSeconds) && Number.isFinite(job.estimatedSeconds) && Number.isFinite(w))) continue;
    if (job.actualSeconds <= 0 || job.estimatedSeconds < minEst || w <= 0) continue;
    const ratio = job.actualSeconds / job.estimatedSeconds;
    if (ratio > maxRatio || ratio < 1 / maxRatio) continue;
    actual += w * job.actualSeconds;
    estimated += w * job.estimatedSeconds;
    used++;
  }
  if (used < minJobs || estimated === 0) return 1;
  return Math.min(maxRatio, Math.max(1 / maxRatio, actual / estimated));
}

/** Corrected estimate in seconds (rounded to whole seconds). */
export function applyCorrection(estimatedSeconds: number, factor: number): number {
  if (!Number.isFinite(factor) || factor <= 0) return Math.round(estimatedSeconds);
  return Math.round(estimatedSeconds * factor);
}
