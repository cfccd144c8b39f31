// Windowed G-code sender for one Marlin port: keeps the RX buffer full without overflowing it, numbers and checksums
// every line, rewinds Go-Back-N on Resend (ignoring the duplicate requests that follow an RX flush), recovers lost oks,
// and lets emergency commands jump every queue. Transport-agnostic: runs inside the sender process or in-process.
import type { PreparedJob } from './job-source.js';
import { commandCode, frameLine, isLongRunning, parseReply, stripLine } from './protocol.js';
import type { ByteTransport } from './transport.js';

export { DEFAULT_SENDER_OPTIONS, layerOf } from './sender-types.js';
export type { JobProgressInfo, SenderEvent, SenderOptions, SenderStats } from './sender-types.js';
import { DEFAULT_SENDER_OPTIONS, layerOf, type JobProgressInfo, type SenderEvent, type SenderOptions, type SenderStats } from './sender-types.js';

interface Entry {
  n: number | null;
  cmd: string;
  bytes: number;
  jobIndex: number;
  long: boolean;
  probe: boolean;
  done?: () => void;
}

interface Pending {
  cmd: string;
  reset?: boolean;
  done?: () => void;
}

export class MarlinSender {
  readonly opts: SenderOptions;
  private nextN = 1;
  private readonly history = new Map<number, Entry>();
  private readonly inflight: Entry[] = [];
  private readonly pending: Pending[] = [];
  private resendFrom = 0;
  private resendEnd = -1;
  private settleUntil = 0;
  private settleTimer: NodeJS.Timeout | null = null;
  private readonly settleMs: number;
  private lastResend = -1;
  private sameResendCount = 0;
  private expectResendOk = false;
  private lastErrorKind: string | null = null;
  /** The firmware's last accepted line as told by `Error:… Last Line: n`. */
  private fwLastN = -1;
  private advancedOk = false;
  private maxB = -1;
  private queuedInFirmware = 0;
  private job: { job: PreparedJob; cursor: number; acked: number; paused: boolean; alarmed: boolean; confirming: boolean } | null = null;
  private lastRx = Date.now();
  private consecutiveTimeouts = 0;
  private halted = false;
  private closed = false;
  private rxBuf = '';
  private readonly listeners = new Set<(e: SenderEvent) => void>();
  private readonly timer: NodeJS.Timeout;
  private readonly offs: (() => void)[] = [];
  readonly stats: SenderStats = { linesSent: 0, linesResent: 0, resends: 0, duplicateResendsIgnored: 0, errors: 0, timeouts: 0, bytesWritten: 0, writes: 0, advancedOk: false };

  constructor(
    private readonly transport: ByteTransport,
    opts: Partial<SenderOptions> = {},
  ) {
    this.opts = { ...DEFAULT_SENDER_OPTIONS, ...opts };
    // ~RX ring of stale bytes plus their error replies on the wire, plus USB/pty latency.
    this.settleMs = 10 + (2500 * 10000) / this.opts.baud / 10;
    this.offs.push(transport.onData((c) => this.onData(c)));
    this.offs.push(transport.onClose((r) => this.onClosed(r)));
    this.timer = setInterval(() => {
      this.checkTimeout();
      this.reportProgress();
    }, Math.max(50, Math.min(250, this.opts.okTimeoutMs / 4)));
    this.timer.unref?.();
  }

  on(listener: (e: SenderEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  private fire(e: SenderEvent): void {
    for (const l of this.listeners) l(e);
  }

  setMode(mode: SenderOptions['mode']): void {
    this.opts.mode = mode;
    this.pump();
  }

  /** Queue G-code (one or more lines); resolves when the firmware acknowledged the last one. */
  command(gcode: string): Promise<void> {
    const cmds = gcode.split('\n').map((l) => stripLine(l)).filter(Boolean);
    if (this.closed || this.halted) return Promise.reject(new Error(this.halted ? 'printer halted' : 'port closed'));
    if (cmds.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      cmds.forEach((cmd, i) => this.pending.push({ cmd, done: i === cmds.length - 1 ? resolve : undefined }));
      this.rejectors.add(reject);
      this.pump();
    });
  }
  private readonly rejectors = new Set<(e: Error) => void>();

  /** `N0 M110 N0`: numbering restarts; history is dropped. Resolves on its ok. */
  resetLineNumbers(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.unshift({ cmd: 'M110 N0', reset: true, done: resolve });
      this.rejectors.add(reject);
      this.pump();
    });
  }

  startJob(job: PreparedJob, startIndex = 0): void {
    this.job = { job, cursor: startIndex, acked: startIndex, paused: false, alarmed: false, confirming: false };
    this.pump();
  }
  pauseJob(): void {
    if (this.job) this.job.paused = true;
  }
  resumeJob(): void {
    if (this.job) this.job.paused = false;
    this.pump();
  }
  /** Stop feeding the job; lines already in flight still execute (the firmware has them). */
  cancelJob(): JobProgressInfo | null {
    const p = this.progress();
    this.job = null;
    return p;
  }
  hasJob(): boolean {
    return this.job !== null;
  }

  /** M112/M108/M410: written at once as `\n<cmd>\n`, outside numbering, for the emergency parser. */
  emergency(cmd: string): void {
    if (this.closed) return;
    const code = commandCode(cmd);
    this.write(`\n${cmd}\n`);
    if (code === 'M112') {
      this.halt('Emergency stop sent (M112)');
      return;
    }
    // The line is also queued by the firmware and acked in order after everything already on the wire.
    this.inflight.push({ n: null, cmd, bytes: cmd.length + 2, jobIndex: -1, long: false, probe: false });
  }

  private lastReported = -1;
  private lastReportAt = 0;
  /** Progress at most every 250 ms, only when it moved. */
  private reportProgress(): void {
    const j = this.job;
    if (!j || j.acked === this.lastReported || Date.now() - this.lastReportAt < 240) return;
    this.lastReported = j.acked;
    this.lastReportAt = Date.now();
    this.fire({ type: 'progress', progress: this.progress() as JobProgressInfo, stats: { ...this.stats } });
  }

  progress(): JobProgressInfo | null {
    const j = this.job;
    if (!j) return null;
    const last = j.acked - 1;
    return {
      name: j.job.name,
      total: j.job.commands.length,
      acked: j.acked,
      lastAckedLine: last >= 0 ? j.job.sourceLine[last] : null,
      filePosition: last >= 0 ? j.job.endOffset[last] : 0,
      totalBytes: j.job.totalBytes,
      paused: j.paused,
      layer: layerOf(j.job.layerStarts, last),
      totalLayers: j.job.layerStarts.length || null,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.transport.close();
    this.onClosed('closed');
  }

  // ------------------------------------------------------------------ sending

  private write(data: string): void {
    this.stats.bytesWritten += data.length;
    this.stats.writes++;
    this.transport.write(data);
  }

  private windowAllows(bytes: number): boolean {
    if (this.inflight.length === 0) return true;
    if (this.opts.mode === 'ping-pong') return false;
    // Marlin moves lines from the RX ring into its command queue whenever a slot is free, in order. With ADVANCED_OK
    // we know the queue size (BUFSIZE = largest B + 1): the oldest BUFSIZE unacknowledged lines can always sit in
    // the queue, so only the ones after them must fit the RX ring. Without it, assume every byte may be in the ring.
    const queueLines = this.advancedOk && this.maxB >= 0 ? Math.max(this.queuedInFirmware, this.maxB + 1) : this.queuedInFirmware;
    const skip = Math.min(queueLines, this.inflight.length);
    let used = 0;
    for (let i = skip; i < this.inflight.length; i++) used += this.inflight[i].bytes;
    return used + bytes <= this.opts.rxBufferSize - 1;
  }

  private pump(): void {
    if (this.closed || this.halted) return;
    if (performance.now() < this.settleUntil) return;
    let out = '';
    for (;;) {
      let entry: Entry;
      let resent = false;
      if (this.resendFrom <= this.resendEnd) {
        const h = this.history.get(this.resendFrom);
        if (!h) {
          this.fire({ type: 'alarm', code: 'no-history', message: `Printer requested line ${this.resendFrom} but it is no longer in the history` });
          this.resendFrom = this.resendEnd + 1;
          continue;
        }
        entry = { ...h };
        resent = true;
      } else if (this.pending.length) {
        const p = this.pending[0];
        entry = { n: p.reset ? 0 : this.nextN, cmd: p.cmd, bytes: 0, jobIndex: -1, long: isLongRunning(p.cmd), probe: false, done: p.done };
      } else if (this.job && !this.job.paused && this.job.cursor < this.job.job.commands.length) {
        const cmd = this.job.job.commands[this.job.cursor];
        entry = { n: this.nextN, cmd, bytes: 0, jobIndex: this.job.cursor, long: isLongRunning(cmd), probe: false };
      } else break;
      const framed = frameLine(entry.n as number, entry.cmd);
      entry.bytes = framed.length + 1;
      if (!this.windowAllows(entry.bytes) && !(out === '' && this.inflight.length === 0)) break;
      // Commit.
      if (resent) {
        this.resendFrom++;
        this.stats.linesResent++;
      } else if (this.pending.length && entry.jobIndex === -1) {
        const p = this.pending.shift() as Pending;
        if (p.reset) {
          this.history.clear();
          this.nextN = 1;
          this.resendEnd = -1;
          this.fwLastN = -1;
        } else this.nextN++;
        this.history.set(entry.n as number, entry);
        this.fire({ type: 'sent', text: entry.cmd });
        this.stats.linesSent++;
      } else if (this.job) {
        this.job.cursor++;
        this.nextN++;
        this.history.set(entry.n as number, entry);
        this.stats.linesSent++;
      }
      if (this.history.size > this.opts.historySize) {
        const oldest = this.history.keys().next().value as number;
        this.history.delete(oldest);
      }
      this.inflight.push(entry);
      out += framed + '\n';
      if (out.length > 4096) break;
    }
    if (out) this.write(out);
  }

  // ------------------------------------------------------------------ receiving

  private onData(chunk: string): void {
    this.lastRx = Date.now();
    this.consecutiveTimeouts = 0;
    if (this.settleTimer) this.extendSettle(); // replies to stale lines are still arriving
    this.rxBuf += chunk;
    let i: number;
    while ((i = this.rxBuf.indexOf('\n')) >= 0) {
      const line = this.rxBuf.slice(0, i).replace(/\r$/, '');
      this.rxBuf = this.rxBuf.slice(i + 1);
      if (line) this.onLine(line);
    }
    if (this.rxBuf.length > 8192) this.rxBuf = ''; // garbage without newlines (wrong baud)
    this.pump();
  }

  private ack(entry: Entry): void {
    entry.done?.();
    if (entry.jobIndex >= 0 && this.job && entry.jobIndex >= this.job.acked) {
      this.job.acked = entry.jobIndex + 1;
      this.checkJobDone();
    } else if (entry.probe && this.job?.confirming) this.checkJobDone(true);
  }

  private checkJobDone(confirmed = false): void {
    const j = this.job;
    if (!j || j.acked < j.job.commands.length) return;
    if (!this.advancedOk && !confirmed) {
      // Plain oks carry no line number, so after resends one may have been counted against the wrong line. An M105
      // sent now is answered only after every earlier line was processed: its `ok T:` confirms the whole job.
      if (!j.confirming) {
        j.confirming = true;
        this.sendProbe();
      }
      return;
    }
    const progress = this.progress() as JobProgressInfo;
    this.job = null;
    this.fire({ type: 'job-done', progress, stats: { ...this.stats } });
  }

  private popThrough(index: number): void {
    const removed = this.inflight.splice(0, index + 1);
    for (const e of removed) this.ack(e);
  }

  private onOk(r: Extract<ReturnType<typeof parseReply>, { kind: 'ok' }>): void {
    const bare = r.n === null && r.plannerFree === null && r.bufferFree === null && !r.temps && !r.position && r.rest === '';
    if (this.expectResendOk) {
      this.expectResendOk = false;
      // The `ok` Marlin 2.1 prints right after `Resend:` belongs to no line.
      if (bare || (this.advancedOk && r.n === null && r.bufferFree === null)) return;
    }
    if (r.plannerFree !== null && r.bufferFree !== null) {
      if (!this.advancedOk) this.advancedOk = this.stats.advancedOk = true;
      this.maxB = Math.max(this.maxB, r.bufferFree);
    }
    let idx = 0;
    if (this.advancedOk && r.n !== null) {
      // ADVANCED_OK names the line: everything up to it is acknowledged (repairs any lost ok).
      idx = -1;
      for (let i = 0; i < this.inflight.length; i++) if (this.inflight[i].n !== null && (this.inflight[i].n as number) <= r.n) idx = i;
      if (idx < 0) return; // stale ok for a line already settled
    } else if (this.advancedOk && r.n === null) {
      idx = this.inflight.findIndex((e) => e.n === null);
      if (idx < 0) idx = 0;
    } else if (r.temps) {
      // `ok T:` is the answer to an M105: every line before that M105 was processed (in-order firmware).
      const m = this.inflight.findIndex((e) => /^M105\b/.test(e.cmd));
      if (m >= 0) idx = m;
    }
    if (this.inflight.length === 0) return;
    this.popThrough(idx);
    if (this.advancedOk && r.bufferFree !== null && this.maxB >= 0) {
      this.queuedInFirmware = Math.max(0, this.maxB + 1 - r.bufferFree - 1);
    } else this.queuedInFirmware = 0;
  }

  private onResend(n: number): void {
    this.expectResendOk = true;
    const lastSent = this.nextN - 1;
    if (n > lastSent) {
      // The firmware holds every line we sent (e.g. stale copies were accepted after a flush; their oks may have
      // been counted against other lines): everything in flight is accepted, so settle it now.
      const idx = this.inflight.reduce((acc, e, i) => (e.n !== null && e.n < n ? i : acc), -1);
      if (idx >= 0) this.popThrough(idx);
      return;
    }
    if (performance.now() < this.settleUntil) {
      // Lines that were already on the wire when the firmware flushed its RX ring each produce the same request.
      this.stats.duplicateResendsIgnored++;
      this.extendSettle();
      return;
    }
    if (n === this.lastResend) {
      if (++this.sameResendCount === 10) this.fire({ type: 'alarm', code: 'resend-loop', message: `Printer keeps requesting line ${n}` });
    } else this.sameResendCount = 0;
    this.lastResend = n;
    this.rewind(n, lastSent);
  }

  /** Hold sending until the error stream has been quiet for the time the stale bytes and their replies need on
   *  the wire: a re-sent line that arrives while stale lines are still being rejected is flushed again (the
   *  "resend death loop", Marlin #24972). */
  private extendSettle(): void {
    this.settleUntil = performance.now() + this.settleMs;
    if (!this.settleTimer) this.armSettleTimer();
  }
  private armSettleTimer(): void {
    // Timers may fire a little early against performance.now(): re-arm until the quiet period really ended.
    const wait = Math.max(1, Math.ceil(this.settleUntil - performance.now()) + 1);
    this.settleTimer = setTimeout(() => {
      if (performance.now() < this.settleUntil) return this.armSettleTimer();
      this.settleTimer = null;
      this.pump();
    }, wait);
  }

  /** Go-Back-N: drop in-flight lines from n on (the firmware flushed them) and re-send n…lastSent from history. */
  private rewind(n: number, lastSent: number): void {
    if (!this.history.has(n)) {
      this.fire({ type: 'alarm', code: 'no-history', message: `Printer requested line ${n} but no sufficient history is available` });
      return;
    }
    this.stats.resends++;
    const keep = this.inflight.filter((e) => !(e.n !== null && e.n >= n));
    this.inflight.length = 0;
    this.inflight.push(...keep);
    this.queuedInFirmware = 0;
    this.resendFrom = n;
    this.resendEnd = Math.max(lastSent, this.resendEnd);
    this.extendSettle();
    const j = this.job;
    if (j && !j.alarmed && this.stats.linesSent >= 100 && this.stats.resends / this.stats.linesSent > this.opts.resendAlarmRatio) {
      j.alarmed = true;
      this.fire({ type: 'alarm', code: 'resend-ratio', message: `Resend ratio ${((100 * this.stats.resends) / this.stats.linesSent).toFixed(1)}% (>10%): check the USB cable` });
    }
  }

  private onLine(line: string): void {
    const r = parseReply(line);
    if (r.kind !== 'resend' && r.kind !== 'ok') this.expectResendOk = false;
    switch (r.kind) {
      case 'ok':
        if (r.rest) this.fire({ type: 'line', text: line });
        this.onOk(r);
        return;
      case 'resend':
        this.fire({ type: 'line', text: line });
        this.onResend(r.line);
        return;
      case 'error':
        this.fire({ type: 'line', text: line });
        this.stats.errors++;
        this.lastErrorKind = r.error;
        if (r.lastLine !== null) this.fwLastN = r.lastLine;
        if (performance.now() < this.settleUntil) this.extendSettle();
        if (r.error === 'no-line-number' && this.inflight.length) this.popThrough(0); // recoverable: no resend follows
        if (r.fatal) this.halt(r.message);
        return;
      case 'fatal':
        this.fire({ type: 'line', text: line });
        this.halt(r.message);
        return;
      case 'start':
        this.fire({ type: 'line', text: line });
        this.onFirmwareBoot();
        return;
      default:
        this.fire({ type: 'line', text: line });
    }
  }

  /** `start`: the board (re)booted. Line numbers restart at 1 (last_N = 0); commands not yet acknowledged are
   *  re-sent after a quiet period (a handshake M110 sent during the boot is simply repeated); a running job is
   *  interrupted, never replayed. */
  private onFirmwareBoot(): void {
    const hadJob = this.job !== null;
    this.interruptJob('Printer reset (start banner) during the job');
    const redo: Pending[] = this.inflight.filter((e) => e.jobIndex < 0 && !e.probe && e.n !== null).map((e) => ({ cmd: e.cmd, reset: e.cmd === 'M110 N0', done: e.done }));
    this.inflight.length = 0;
    this.pending.unshift(...redo);
    // Hold the re-sends until the boot chatter is over: an ok the firmware still gives the pre-boot copy then
    // arrives while nothing is in flight and is ignored, instead of being counted against a later line.
    this.extendSettle();
    this.history.clear();
    this.nextN = 1;
    this.fwLastN = -1;
    this.resendFrom = 0;
    this.resendEnd = -1;
    this.queuedInFirmware = 0;
    if (hadJob) this.fire({ type: 'alarm', code: 'reset', message: 'Printer reset unexpectedly during a job' });
  }

  private halt(message: string): void {
    if (this.halted) return;
    this.halted = true;
    this.interruptJob(message);
    this.failAll(new Error(message));
    this.fire({ type: 'alarm', code: 'halted', message });
  }

  private failAll(err: Error): void {
    this.pending.length = 0;
    this.inflight.length = 0;
    for (const r of this.rejectors) r(err);
    this.rejectors.clear();
  }

  private interruptJob(reason: string): void {
    const p = this.progress();
    if (p) {
      this.job = null;
      this.fire({ type: 'job-interrupted', progress: p, reason });
    }
  }

  private onClosed(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    for (const off of this.offs) off();
    this.interruptJob(`Port closed: ${reason}`);
    this.failAll(new Error(`port closed: ${reason}`));
    this.fire({ type: 'closed', reason });
  }

  private checkTimeout(): void {
    if (this.closed || this.halted || this.inflight.length === 0) return;
    if (this.inflight.some((e) => e.long)) return; // G28, M109, M400…: minutes are normal
    if (Date.now() - this.lastRx < this.opts.okTimeoutMs) return;
    this.stats.timeouts++;
    this.lastRx = Date.now();
    if (++this.consecutiveTimeouts > this.opts.maxTimeouts) {
      this.fire({ type: 'alarm', code: 'unresponsive', message: `No answer from the printer after ${this.opts.maxTimeouts} timeouts` });
      return;
    }
    this.fire({ type: 'alarm', code: 'timeout', message: 'No ok from the printer; forcing one with M105' });
    this.sendProbe();
  }

  /** A lost ok: tickle the firmware. Its `ok T:` (or `ok N`) settles every line before it. */
  private sendProbe(): void {
    const n = this.nextN++;
    const entry: Entry = { n, cmd: 'M105', bytes: 0, jobIndex: -1, long: false, probe: true };
    const framed = frameLine(n, 'M105');
    entry.bytes = framed.length + 1;
    this.history.set(n, entry);
    this.inflight.push(entry);
    this.write(framed + '\n');
  }
}
