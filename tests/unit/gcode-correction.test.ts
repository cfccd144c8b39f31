// Per-printer correction factor (actual ÷ estimated) learned from finished jobs.
import { describe, expect, it } from 'vitest';
import { applyCorrection, correctionFactor } from '../../electron/engine/files/analysis/correction.js';

describe('correction factor', () => {
  it('is 1 without evidence', () => {
    expect(correctionFactor([])).toBe(1);
    expect(correctionFactor([{ actualSeconds: 100, estimatedSeconds: 90 }])).toBe(1); // below 300 s minimum
  });

  it('is the ratio of sums, so long jobs weigh more', () => {
    const f = correctionFactor([
      { actualSeconds: 3600 * 1.1, estimatedSeconds: 3600 },
      { actualSeconds: 36000 * 1.05, estimatedSeconds: 36000 },
    ]);
    expect(f).toBeCloseTo((3600 * 1.1 + 36000 * 1.05) / 39600, 10);
  });

  it('ignores outliers (aborted/paused jobs) and invalid pairs, honours weights and minJobs', () => {
    const jobs = [
      { actualSeconds: 5400, estimatedSeconds: 5000 },
      { actualSeconds: 50000, estimatedSeconds: 5000 }, // paused overnight
      { actualSeconds: Number.NaN, estimatedSeconds: 5000 },
      { actualSeconds: 1000, estimatedSeconds: 5000 }, // cancelled early
      { actualSeconds: 6000, estimatedSeconds: 5000, weight: 0 },
    ];
    expect(correctionFactor(jobs)).toBeCloseTo(1.08, 10);
    expect(correctionFactor(jobs, { minJobs: 2 })).toBe(1);
    expect(correctionFactor([{ actualSeconds: 5000, estimatedSeconds: 5000, weight: 3 }, { actualSeconds: 6000, estimatedSeconds: 5000 }])).toBeCloseTo(21000 / 20000, 10);
  });

  it('applies to an estimate, rounding to seconds; a broken factor leaves it unchanged', () => {
    expect(applyCorrection(3600, 1.08)).toBe(3888);
    expect(applyCorrection(3600.4, Number.NaN)).toBe(3600);
    expect(applyCorrection(3600, -1)).toBe(3600);
  });
});
