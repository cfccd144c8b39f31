// Public entry of the G-code analyzer: analyze a file (in-process or in the worker pool) and read one layer for the viewer.
import type { AnalysisProfile, GcodeAnalysis, LayerGeometry, LayerInfo } from '../../shared/contract/gcode-analysis.js';
import { analyzeFileInProcess } from './analysis/analyze-file.js';
import { readLayerSlice } from './analysis/layer-reader.js';
import { AnalysisPool } from './analysis/pool.js';

export { AnalysisPool };
export type { AnalysisPoolOptions } from './analysis/pool.js';
export { correctionFactor, applyCorrection } from './analysis/correction.js';

export interface AnalyzeOptions {
  /** Called with 0..1 as bytes are consumed (throttled to ~1% steps). */
  onProgress?(fraction: number): void;
  /** Abort to stop; the promise rejects with FarmError('timeout'|'internal') named "aborted". */
  signal?: AbortSignal;
  /** Printer-profile limits used when the file carries no M201/M203/M204/M205. */
  profile?: AnalysisProfile;
}

/**
 * Analyze one G-code file in a single streaming pass on the calling thread.
 * Throws FarmError('invalid-input') for binary/empty/non-G-code files, FarmError('not-found') when missing.
 * For many files or the UI, prefer `AnalysisPool` (worker threads).
 */
export function analyzeGcodeFile(path: string, options: AnalyzeOptions = {}): Promise<GcodeAnalysis> {
  return analyzeFileInProcess(path, options);
}

export interface ReadLayerOptions {
  /** Include travel (non-extruding XY) moves; default true. */
  includeTravel?: boolean;
}

/**
 * Decode one layer's moves for the layer viewer, reading only that layer's byte range.
 * `layers` is `analysis.analysis.layers` from a previous analysis of the same file.
 */
export function readLayer(
  path: string,
  layers: readonly LayerInfo[],
  layerIndex: number,
  options: ReadLayerOptions = {},
): Promise<LayerGeometry> {
  return readLayerSlice(path, layers, layerIndex, options);
}
