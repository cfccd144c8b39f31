// Runs the analyzer once per content hash after import, stores the result with the blob, and reports progress as events.
import { FarmError } from '../../../shared/contract/envelope.js';
import { GcodeAnalysis } from '../../../shared/contract/gcode-analysis.js';
import type { FilesRepo } from '../../store/files-repo.js';
import { summarizeAnalysis } from './entries.js';
import type { LibraryEvents } from './events.js';
import { mergePackageFacts, type AnalysisSources } from './package-source.js';

/** What the library needs from the analyzer; `AnalysisPool` (worker threads) satisfies it. */
export interface FileAnalyzer {
  analyze(path: string, options: { onProgress?(fraction: number): void; signal?: AbortSignal }): Promise<GcodeAnalysis>;
}

/** Bumped by the analyzer when its result shape changes; cached results of another version are analysed again. */
export const ANALYSIS_VERSION: number = GcodeAnalysis.shape.version.value;

const PROGRESS_INTERVAL_MS = 100;

interface Running {
  controller: AbortController;
  /** Set by the first progress report: until then the job waits for a free worker and the blob stays 'pending'. */
  started: boolean;
  progress: number;
  done: Promise<void>;
}

export class AnalysisRunner {
  private readonly running = new Map<string, Running>();
  private closed = false;

  constructor(
    private readonly deps: {
      repo: FilesRepo;
      analyzer: FileAnalyzer | null;
      sources: AnalysisSources;
      events: LibraryEvents;
      now(): number;
    },
  ) {}

  /** Progress 0..1 of a running analysis, or null. */
  progressOf(sha256: string): number | null {
    const entry = this.running.get(sha256);
    return entry?.started ? entry.progress : null;
  }

  /** Analyse every blob left pending/running by a previous run or cached by an older analyzer. */
  resume(): void {
    for (const sha256 of this.deps.repo.blobsNeedingAnalysis(ANALYSIS_VERSION)) this.schedule(sha256);
  }

  /**
   * Start the analysis of a blob unless it is running or already cached (hash hit = no re-analysis).
   * `force` re-runs a finished or failed analysis. Returns a promise that settles when this run ends.
   */
  schedule(sha256: string, force = false): Promise<void> {
    const current = this.running.get(sha256);
    if (current) return current.done;
    const blob = this.deps.repo.getBlob(sha256);
    if (!blob || this.closed) return Promise.resolve();
    if (!force && blob.analysisStatus === 'done' && blob.analysisVersion === ANALYSIS_VERSION) return Promise.resolve();
    if (!force && blob.analysisStatus === 'failed') return Promise.resolve();
    if (!this.deps.analyzer) {
      // Headless tools without a pool: leave it pending; the next engine start analyses it.
      this.deps.repo.setAnalysisPending(sha256);
      return Promise.resolve();
    }
    const controller = new AbortController();
    const entry: Running = { controller, started: false, progress: 0, done: Promise.resolve() };
    this.running.set(sha256, entry);
    this.deps.repo.setAnalysisPending(sha256);
    entry.done = this.run(sha256, entry).finally(() => {
      if (this.running.get(sha256) === entry) this.running.delete(sha256);
    });
    return entry.done;
  }

  /** Stop an analysis (its blob is being removed). */
  cancel(sha256: string): void {
    this.running.get(sha256)?.controller.abort();
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.running.values()];
    for (const r of all) r.controller.abort();
    await Promise.allSettled(all.map((r) => r.done));
  }

  private async run(sha256: string, entry: Running): Promise<void> {
    const { repo, events } = this.deps;
    let lastEmit = 0;
    const onProgress = (fraction: number) => {
      if (!entry.started && !entry.controller.signal.aborted) {
        entry.started = true;
        repo.setAnalysisRunning(sha256);
      }
      entry.progress = Math.min(1, Math.max(0, fraction));
      const now = Date.now();
      if (now - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      events.emit('file:progress', {
        phase: 'analysis',
        sha256,
        fileIds: repo.liveIdsByHash(sha256),
        name: null,
        fraction: entry.progress,
        bytes: null,
      });
    };
    try {
      const kind = repo.getBlob(sha256)?.kind ?? 'gcode';
      // A .gcode.3mf package is analysed through its first plate's G-code, extracted once beside the store.
      const facts = await this.deps.sources.prepare(sha256, kind);
      const analysed = await this.deps.analyzer!.analyze(this.deps.sources.pathFor(sha256, kind), { onProgress, signal: entry.controller.signal });
      if (entry.controller.signal.aborted) return;
      const result = mergePackageFacts(analysed, facts);
      const summary = summarizeAnalysis(result);
      repo.setAnalysisDone(sha256, JSON.stringify(result), JSON.stringify(summary), result.version, this.deps.now());
      this.announce(sha256, 'done', null);
    } catch (error) {
      if (entry.controller.signal.aborted) {
        // Cancelled because the blob went away, or the engine is stopping: leave it pending for the next start.
        if (repo.getBlob(sha256)) repo.setAnalysisPending(sha256);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      // invalid-input / not-found describe the file (binary, empty, not G-code): cached. Anything else was our failure.
      const fileAtFault = error instanceof FarmError && (error.code === 'invalid-input' || error.code === 'not-found');
      repo.setAnalysisFailed(sha256, message, fileAtFault ? ANALYSIS_VERSION : null, this.deps.now());
      this.announce(sha256, 'failed', message);
    }
  }

  private announce(sha256: string, status: 'done' | 'failed', error: string | null): void {
    const fileIds = this.deps.repo.liveIdsByHash(sha256);
    this.deps.events.emit('file:analyzed', { sha256, fileIds, status, error });
    this.deps.events.emit('files:changed', { reason: 'analysis', fileIds });
  }
}
