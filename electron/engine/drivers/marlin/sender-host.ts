// Main-thread handle on a sender: either in-process (virtual printers, tests) or a port hosted by a sender process.
// Groups: one forked sender process hosts up to PORTS_PER_WORKER ports; more printers spread over more processes.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { prepareJob } from './job-source.js';
import { MarlinSender, type JobProgressInfo, type SenderEvent, type SenderOptions, type SenderStats } from './sender.js';
import type { ByteTransport } from './transport.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

export interface JobSpec {
  name: string;
  path?: string;
  text?: string;
  /** Command index to start from (resume-from-line). */
  startIndex?: number;
}

export interface SenderHandle {
  command(gcode: string): Promise<void>;
  resetLineNumbers(): Promise<void>;
  startJob(spec: JobSpec): Promise<{ commands: number }>;
  pauseJob(): Promise<JobProgressInfo | null>;
  resumeJob(): Promise<void>;
  cancelJob(): Promise<JobProgressInfo | null>;
  emergency(cmd: string): void;
  setMode(mode: SenderOptions['mode']): void;
  stats(): Promise<SenderStats>;
  pulseDtr(): Promise<void>;
  close(): Promise<void>;
  on(listener: (e: SenderEvent) => void): () => void;
}

/** Sender running on this thread (an in-process virtual link has no port a worker could open). */
export function inProcessSender(transport: ByteTransport, opts: Partial<SenderOptions> = {}): SenderHandle {
  const s = new MarlinSender(transport, opts);
  return {
    command: (g) => s.command(g),
    resetLineNumbers: () => s.resetLineNumbers(),
    async startJob(spec) {
      const text = spec.text ?? (spec.path ? await readFile(spec.path, 'latin1') : '');
      const job = prepareJob(spec.name, text);
      s.startJob(job, spec.startIndex ?? 0);
      return { commands: job.commands.length };
    },
    pauseJob: async () => {
      s.pauseJob();
      return s.progress();
    },
    resumeJob: async () => s.resumeJob(),
    cancelJob: async () => s.cancelJob(),
    emergency: (cmd) => s.emergency(cmd),
    setMode: (m) => s.setMode(m),
    stats: async () => ({ ...s.stats }),
    pulseDtr: async () => transport.pulseDtr?.(),
    close: () => s.close(),
    on: (l) => s.on(l),
  };
}

const PORTS_PER_WORKER = 16;
type Call = Extract<ToWorker, { req: number }> extends infer T ? (T extends unknown ? Omit<T, 'req'> : never) : never;

class WorkerGroup {
  readonly worker: ChildProcess;
  ports = 0;
  private req = 0;
  private readonly calls = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly opens = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<(e: SenderEvent) => void>>();

  constructor(entry: SenderEntry) {
    this.worker = fork(entry.file, [], {
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...entry.env },
    });
    // Streaming must not wait for CPU behind the UI or a build: raise the sender's priority where allowed.
    try {
      if (this.worker.pid) setPriority(this.worker.pid, -10);
    } catch {
      /* not permitted (not root / no CAP_SYS_NICE): run at normal priority */
    }
    this.refresh();
    this.worker.on('message', (m: FromWorker) => this.onMessage(m));
    this.worker.on('exit', (code) => {
      const err = new Error(`sender process exited (${code})`);
      for (const c of this.calls.values()) c.reject(err);
      this.calls.clear();
      for (const o of this.opens.values()) o.reject(err);
      this.opens.clear();
      for (const ls of this.listeners.values()) for (const l of ls) l({ type: 'closed', reason: err.message });
      this.listeners.clear();
      this.ports = 0;
      const i = groups.indexOf(this);
      if (i >= 0) groups.splice(i, 1);
    });
  }

  /** Keep the parent alive only while this group hosts ports (a CLI run ends when its port closes). */
  private refresh(): void {
    const busy = this.ports > 0 || this.calls.size > 0 || this.opens.size > 0;
    const ch = this.worker.channel as unknown as { ref?(): void; unref?(): void } | undefined;
    if (busy) {
      this.worker.ref();
      ch?.ref?.();
    } else {
      this.worker.unref();
      ch?.unref?.();
    }
  }

  private postMessage(m: ToWorker): void {
    if (this.worker.connected) this.worker.send(m);
  }

  private onMessage(m: FromWorker): void {
    if (m.t === 'reply') {
      const c = this.calls.get(m.req);
      if (!c) return;
      this.calls.delete(m.req);
      if (m.ok) c.resolve(m.value);
      else c.reject(new Error(m.message));
    } else if (m.t === 'opened' || m.t === 'open-failed') {
      const o = this.opens.get(m.id);
      this.opens.delete(m.id);
      if (m.t === 'opened') o?.resolve();
      else o?.reject(new Error(m.message));
    } else if (m.t === 'events') {
      const ls = this.listeners.get(m.id);
      for (const e of m.events) {
        if (ls) for (const l of ls) l(e);
        if (e.type === 'closed') this.release(m.id);
      }
    }
  }

  private release(id: string): void {
    if (this.listeners.delete(id)) this.ports--;
    this.refresh();
  }

  call(msg: Call): Promise<unknown> {
    const req = ++this.req;
    return new Promise((resolve, reject) => {
      this.calls.set(req, {
        resolve: (v) => {
          resolve(v);
          this.refresh();
        },
        reject: (e) => {
          reject(e);
          this.refresh();
        },
      });
      this.refresh();
      this.postMessage({ ...msg, req } as ToWorker);
    });
  }

  async open(id: string, path: string, baud: number, opts: Partial<SenderOptions>): Promise<SenderHandle> {
    this.ports++;
    this.listeners.set(id, new Set());
    try {
      await new Promise<void>((resolve, reject) => {
        this.opens.set(id, { resolve, reject });
        this.refresh();
        this.postMessage({ t: 'open', id, path, baud, opts });
      });
    } catch (err) {
      this.release(id);
      throw err;
    }
    const call = (t: 'command' | 'reset' | 'pause' | 'resume' | 'cancel' | 'dtr' | 'stats' | 'close', extra: object = {}) =>
      this.call({ t, id, ...extra } as Call);
    return {
      command: (gcode) => call('command', { gcode }) as Promise<void>,
      resetLineNumbers: () => call('reset') as Promise<void>,
      startJob: (spec) => this.call({ t: 'job', id, name: spec.name, path: spec.path, text: spec.text, startIndex: spec.startIndex ?? 0 }) as Promise<{ commands: number }>,
      pauseJob: () => call('pause') as Promise<JobProgressInfo | null>,
      resumeJob: () => call('resume') as Promise<void>,
      cancelJob: () => call('cancel') as Promise<JobProgressInfo | null>,
      emergency: (cmd) => this.postMessage({ t: 'emergency', id, cmd }),
      setMode: (mode) => this.postMessage({ t: 'mode', id, mode }),
      stats: () => call('stats') as Promise<SenderStats>,
      pulseDtr: () => call('dtr') as Promise<void>,
      close: async () => {
        await call('close').catch(() => undefined);
      },
      on: (l) => {
        const set = this.listeners.get(id);
        set?.add(l);
        return () => set?.delete(l);
      },
    };
  }
}

const groups: WorkerGroup[] = [];
let nextId = 0;

interface SenderEntry {
  file: string;
  env: Record<string, string>;
}

/** Source checkout (tsx): a tiny .mjs registers tsx and imports sender-worker.ts. Bundled build (electron-vite entry
 *  'sender-worker'): sender-worker.js sits beside the main bundle. Neither: null (stream in-process instead). */
function senderEntry(): SenderEntry | null {
  const ts = new URL('./sender-worker.ts', import.meta.url);
  if (existsSync(fileURLToPath(ts))) return { file: fileURLToPath(new URL('./worker-entry.mjs', import.meta.url)), env: { PRINTFARM_SENDER_ENTRY: ts.href } };
  const js = fileURLToPath(new URL('./sender-worker.js', import.meta.url));
  if (existsSync(js)) return { file: js, env: {} };
  return null;
}

/** Open a serial port in a sender process (shared by up to 16 ports). */
export async function openWorkerSender(path: string, baud: number, opts: Partial<SenderOptions> = {}): Promise<SenderHandle> {
  const entry = senderEntry();
  if (!entry) {
    // Degraded but working: no separate sender process is available in this build.
    const { openSerialPort } = await import('../../../../native/serial.js');
    return inProcessSender(await openSerialPort(path, baud), opts);
  }
  let g = groups.find((x) => x.ports < PORTS_PER_WORKER);
  if (!g) {
    g = new WorkerGroup(entry);
    groups.push(g);
  }
  return g.open(`port${++nextId}`, path, baud, opts);
}

/** Stop every sender process (tests, shutdown); resolves when they exited. */
export async function terminateSenderWorkers(): Promise<void> {
  const all = groups.splice(0);
  await Promise.all(
    all.map(
      (g) =>
        new Promise<void>((res) => {
          if (g.worker.exitCode !== null) return res();
          g.worker.ref(); // an idle group is unref'd: keep the loop alive until it has really exited
          g.worker.once('exit', () => res());
          g.worker.kill('SIGTERM');
        }),
    ),
  );
}
