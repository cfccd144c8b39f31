// The numeric series kept as history per printer, how each is read from a PrinterStatus, and its fixed-point scale.
import type { PrinterStatus } from '../../shared/contract/printer-status.js';
import { SERIES_NAMES } from '../../shared/contract/telemetry-types.js';

/** Order matters: it is the column order in memory, in SQLite and on the wire (declared once, in the contract). */
export const SERIES = SERIES_NAMES;
export type SeriesName = (typeof SERIES)[number];
export const SERIES_COUNT = SERIES.length;

/**
 * Values are stored as Int16 fixed point (value × scale) to halve memory against Float32:
 * temperatures and percentages to 0.1, within ±3276.7 — more than any hotend or percentage needs.
 */
export const SERIES_SCALE = 10;
export const MISSING = -32768; // Int16 sentinel for "no sample in this bucket"
export const INT16_MAX_VALUE = 32767 / SERIES_SCALE;

/** Read every series from a status into `out` (NaN where the printer does not report it). */
export function readSeries(status: PrinterStatus, out: Float64Array): Float64Array {
  const tool = status.tools[0];
  out[0] = tool ? tool.actual : NaN;
  out[1] = tool ? tool.target : NaN;
  out[2] = status.bed ? status.bed.actual : NaN;
  out[3] = status.bed ? status.bed.target : NaN;
  out[4] = status.chamber ? status.chamber.actual : NaN;
  out[5] = status.chamber ? status.chamber.target : NaN;
  out[6] = status.job ? status.job.progress : NaN;
  out[7] = status.fans.part ?? NaN;
  out[8] = status.speedPercent ?? NaN;
  return out;
}

export function encode(value: number): number {
  if (!Number.isFinite(value)) return MISSING;
  const v = Math.round(value * SERIES_SCALE);
  return v > 32767 ? 32767 : v < -32767 ? -32767 : v;
}

export function decode(raw: number): number | null {
  return raw === MISSING ? null : raw / SERIES_SCALE;
}
