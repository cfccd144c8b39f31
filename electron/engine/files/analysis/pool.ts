// Worker-thread pool for G-code analysis: one file per worker at a time, progress and cancellation by message.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { FarmError } from '../../../shared/contract/envelope.js';
import type { AnalysisProfile, GcodeAnalysis } from '../../../shared/contract/gcode-analysis.js';
import type { WorkerRequest, WorkerReply } from './worker-protocol.js';

export interface AnalysisPoolOptions {
  /** Number of worker threads; default = number of cores. */
  size?: number;
  /** Override the worker script (the packaged app points this at the bundled worker). */
  workerUrl?: URL;
}

interface Job {
  id: number;
  path: string;
  profile?: AnalysisProfile;
  onProgress?(fraction: number): void;
  signal?: AbortSignal;
  resolve(value: GcodeAnalysis): void;
  reject(error: Error): void;
  onAbort?: () => void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

/** In dev/test the sources are .ts; run the worker through tsx so it can load them. */
function resolveWorker(custom?: URL): { url: URL } {
  if (custom) return { url: custom };
  // Built app: electron.vite.config.ts emits the worker as out/main/analysis-worker.js beside the main bundle.
  // (Names are built at run time so the bundler does not try to resolve them as assets.)
  for (const name of ['analysis-worker', 'worker']) {
    const js = new URL(`./${name}.js`, import.meta.url);
    if (existsSync(fileURLToPath(js))) return { url: js };
  }
  // Sources (tsx / vitest): a tiny .mjs that registers tsx in the worker thread, then imports worker.ts.
  return { url: new URL(`./${'worker-dev'}.mjs`, import.meta.url) };
}

export class AnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly size: number;
  private readonly worker: { url: URL };

  constructor(options: AnalysisPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? availableParallelism());
    this.worker = resolveWorker(options.workerUrl);
  }

  /** Analyze a file on a worker thread. Rejects with FarmError('invalid-input', …) like analyzeGcodeFile. */
  analyze(
    path: string,
    options: { onProgress?(fraction: number): void; signal?: AbortSignal; profile?: AnalysisProfile } = {},
  ): Promise<GcodeAnalysis> {
    if (this.closed) return Promise.reject(new FarmError('unavailable', 'The analysis pool is closed.'));
    if (options.signal?.aborted) return Promise.reject(abortError());
    return new Promise<GcodeAnalysis>((resolve, reject) => {
      const job: Job = { id: this.nextId++, path, profile: options.profile, onProgress: options.onProgress, signal: options.signal, resolve, reject };
      if (job.signal) {
        job.onAbort = () => this.cancel(job);
        job.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** Jobs waiting for a free worker. */
  get pending(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) this.finish(job, new FarmError('unavailable', 'The analysis pool was closed.'));
    const slots = this.slots.splice(0);
    for (const slot of slots) if (slot.job) this.finish(slot.job, new FarmError('unavailable', 'The analysis pool was closed.'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private cancel(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.finish(job, abortError());
      return;
    }
    const slot = this.slots.find((s) => s.job === job);
    if (slot) slot.worker.postMessage({ type: 'cancel', id: job.id } satisfies WorkerRequest);
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.job === null);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref(); // a busy worker keeps the process alive (a CLI awaiting it must not exit early)
      slot.worker.postMessage({ type: 'analyze', id: job.id, path: job.path, profile: job.profile } satisfies WorkerRequest);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.worker.url);
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on('message', (message: WorkerReply) => {
      const job = slot.job;
      if (!job || message.id !== job.id) return;
      if (message.type === 'progress') {
        job.onProgress?.(message.fraction);
        return;
      }
      slot.job = null;
      worker.unref(); // idle workers never hold the process open
      if (message.type === 'done') this.finish(job, null, message.result);
      else this.finish(job, new FarmError(message.code, message.message));
      this.pump();
    });
    // A crashed or exited worker takes its job with it; a fresh worker is spawned on the next pump.
    const lost = (reason: string) => {
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      this.slots.splice(index, 1);
      const job = slot.job;
      slot.job = null;
      if (job) this.finish(job, new FarmError('internal', `Analysis worker ${reason}`));
      if (!this.closed) this.pump();
    };
    worker.on('error', (error) => lost(`crashed: ${error.message}`));
    worker.on('exit', (code) => lost(`exited (code ${code})`));
    this.slots.push(slot);
    return slot;
  }

  private finish(job: Job, error: Error | null, result?: GcodeAnalysis): void {
    if (job.signal && job.onAbort) job.signal.removeEventListener('abort', job.onAbort);
    if (error) job.reject(error);
    else job.resolve(result!);
  }
}

function abortError(): FarmError {
  return new FarmError('timeout', 'Analysis aborted.');
}
