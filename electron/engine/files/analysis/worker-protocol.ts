// Messages between AnalysisPool and its worker threads.
import type { ErrorCode } from '../../../shared/contract/envelope.js';
import type { AnalysisProfile, GcodeAnalysis } from '../../../shared/contract/gcode-analysis.js';

export type WorkerRequest =
  | { type: 'analyze'; id: number; path: string; profile?: AnalysisProfile }
  | { type: 'cancel'; id: number };

export type WorkerReply =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; id: number; result: GcodeAnalysis }
  | { type: 'error'; id: number; code: ErrorCode; message: string };
