// Streams a G-code file once through the interpreter, planner and metadata readers, producing GcodeAnalysis.
import type { AnalysisProfile, GcodeAnalysis } from '../../../shared/contract/gcode-analysis.js';
import { FarmError } from '../../../shared/contract/envelope.js';

export interface AnalyzeFileOptions {
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
  profile?: AnalysisProfile;
}

export async function analyzeFileInProcess(path: string, _options: AnalyzeFileOptions = {}): Promise<GcodeAnalysis> {
  throw new FarmError('internal', `analysis not implemented yet (${path})`);
}
