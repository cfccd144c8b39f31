// Human formats in the Files room: durations, filament, dimensions, and our difference from the slicer.
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDifference, formatDimensions, formatDuration, formatFilament, formatGrams } from '../../renderer/src/features/files/format.js';

describe('files formats', () => {
  it('formats durations the way the slicers print them', () => {
    expect(formatDuration(1084)).toBe('18 min 04 s');
    expect(formatDuration(5990)).toBe('1 h 39 min');
    expect(formatDuration(37713)).toBe('10 h 28 min');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(undefined)).toBe('—');
  });

  it('sums filament over extruders and picks units', () => {
    expect(formatFilament([2083.6, 2217.32])).toBe('4.30 m');
    expect(formatFilament([706.54])).toBe('707 mm');
    expect(formatFilament([])).toBe('—');
    expect(formatGrams([6.21, 6.61])).toBe('12.8 g');
  });

  it('formats sizes, dimensions and differences', () => {
    expect(formatBytes(4394831)).toBe('4.2 MB');
    expect(formatDimensions({ min: [10, 20, 0.2], max: [60.04, 45, 15] })).toBe('50.0 × 25.0 × 15.0 mm');
    expect(formatDifference(1093, 1084)).toBe('+0.8 %');
    expect(formatDifference(1000, 1084)).toBe('−7.7 %');
    expect(formatDifference(1000, undefined)).toBe('');
    expect(formatDifference(3613.2, 3613)).toBe('0.0 %');
  });
});
