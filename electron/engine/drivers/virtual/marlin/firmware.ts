// Virtual Marlin firmware, serial side: emulated wire rate (10 bits/byte), RX ring with overflow, line assembly,
// N/checksum validation with RX flush + Resend (2.1.x), the emergency parser, the BUFSIZE command queue and ok/ADVANCED_OK.
// Faults are injected here. Time only moves when advance(dtMs) is called (by a ticker), so it runs real-time or faster.
import { seededRandom, type MarlinFaults } from './faults.js';
import { MarlinMachine, type MachineOptions } from './machine.js';

export interface VirtualMarlinOptions extends Partial<MachineOptions> {
  /** Emulated baud (bytes/s = baud/10) in both directions; null = unpaced (demo mode). */
  baud?: number | null;
  rxBufferSize?: number;
  bufsize?: number;
  maxCmdSize?: number;
  advancedOk?: boolean;
  /** Marlin 2.1.x sends `ok` after every `Resend:`; older builds don't. */
  okAfterResend?: boolean;
  /** bugfix-2.1 (PR #24972): duplicates of the last accepted line are dropped silently. */
  dropDuplicateLines?: boolean;
  keepaliveMs?: number;
  /** Delay before the `start` banner after power-on / DTR reset. */
  bootMs?: number;
  faults?: MarlinFaults;
  seed?: number;
  /** Keep the executed command log (tests); off in demo mode to save memory. */
  recordExecuted?: boolean;
}

export interface ExecutedCommand {
  n: number | null;
  cmd: string;
}

interface Queued {
  cmd: string;
  n: number | null;
  fromSd: boolean;
  started: boolean;
  blockedSince: number;
  busyUntil: number | null;
}

const EMERGENCY_RE = /^(?:N\d+\s*)?(M112|M108|M410)(?:\s|$)/;

export class VirtualMarlin {
  readonly machine: MarlinMachine;
  readonly executed: ExecutedCommand[] = [];
  readonly counters = { linesReceived: 0, lineErrors: 0, rxOverflowBytes: 0, oksSent: 0, oksLost: 0, corrupted: 0, dropped: 0, resendsRequested: 0 };
  /** Simulated time, ms. */
  now = 0;
  killed = false;
  connected = true;

  private readonly baud: number | null;
  private readonly rxSize: number;
  private readonly bufsize: number;
  private readonly maxCmd: number;
  private readonly rand: () => number;
  private readonly faults: MarlinFaults;
  private wire = ''; // bytes sent by the host, not yet arrived in the RX ring
  private wirePos = 0;
  private rx: string[] = [];
  private lineBuf = '';
  private skipToEol = false;
  private lastByteIn = '\n';
  private epLine = '';
  private rxCredit = 0;
  private txCredit = 0;
  private tx = '';
  private lastN = 0;
  private stormLeft = 0;
  private readonly queue: Queued[] = [];
  private lastBusy = 0;
  private bootAt: number | null = null;
  private readonly listeners = new Set<(chunk: string) => void>();

  constructor(readonly opts: VirtualMarlinOptions = {}) {
    this.baud = opts.baud === undefined ? 115200 : opts.baud;
    this.rxSize = opts.rxBufferSize ?? 128;
    this.bufsize = opts.bufsize ?? 4;
    this.maxCmd = opts.maxCmdSize ?? 96;
    this.faults = opts.faults ?? {};
    this.rand = seededRandom(opts.seed ?? 1);
    this.machine = new MarlinMachine({
      tools: opts.tools ?? 1,
      bed: opts.bed ?? true,
      chamber: opts.chamber ?? false,
      plannerBlocks: opts.plannerBlocks ?? 16,
      accel: opts.accel ?? 1500,
      plannerSpeed: opts.plannerSpeed ?? 1,
      heaterTauMs: opts.heaterTauMs ?? 4000,
      bedTauMs: opts.bedTauMs ?? 10000,
      homingMs: opts.homingMs ?? 1500,
      dwellScale: opts.dwellScale ?? 1,
      autoreportTemp: opts.autoreportTemp ?? true,
      emergencyParser: opts.emergencyParser ?? true,
      sdFiles: opts.sdFiles ?? {},
      loopSd: opts.loopSd ?? false,
      name: opts.name ?? 'Virtual Marlin',
    });
    this.powerOn();
  }

  /** Host → printer bytes (they travel the emulated wire before reaching the RX ring). */
  receive(data: string | Uint8Array): void {
    if (!this.connected) return;
    this.wire += typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
  }

  /** Printer → host output; returns the unsubscribe. */
  onOutput(listener: (chunk: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Power-on or DTR reset: everything volatile is lost, `start` banner after bootMs. */
  powerOn(): void {
    this.killed = false;
    this.queue.length = 0;
    this.rx = [];
    this.lineBuf = '';
    this.wire = '';
    this.wirePos = 0;
    this.lastN = 0;
    this.machine.reset();
    this.bootAt = this.now + (this.opts.bootMs ?? 0);
  }

  /** Cable pulled: bytes stop flowing both ways; the machine keeps running what it has. */
  unplug(): void {
    this.connected = false;
    this.wire = '';
    this.wirePos = 0;
    this.tx = '';
  }
  replug(): void {
    this.connected = true;
  }

  /** Fault: halt like Marlin's kill(). */
  kill(reason = 'Printer halted. kill() called!'): void {
    if (this.killed) return;
    this.emit('//action:kill');
    if (!reason.includes('kill() called')) this.emit(`Error:${reason}`);
    this.emit('Error:Printer halted. kill() called!');
    this.killed = true;
    this.queue.length = 0;
    this.machine.planner.clear();
    this.machine.sdPrinting = false;
    for (const h of [...this.machine.tools, this.machine.bed, this.machine.chamber]) if (h) h.target = 0;
  }
  thermalRunaway(heater: number | 'bed' = 0): void {
    this.kill(`Thermal Runaway, system stopped! Heater_ID: ${heater}`);
  }

  get lastLineNumber(): number {
    return this.lastN;
  }

  private emit(line: string): void {
    this.tx += line + '\n';
  }

  /** Advance simulated time. Paced runs step in ≤0.5 ms slices so wire, queue and planner interleave realistically. */
  advance(dtMs: number): void {
    const step = this.baud ? 0.5 : dtMs;
    let left = dtMs;
    while (left > 1e-9) {
      const dt = Math.min(step, left);
      left -= dt;
      this.now += dt;
      this.stepOnce(dt);
    }
  }

  private stepOnce(dt: number): void {
    if (this.bootAt !== null && this.now >= this.bootAt) {
      this.bootAt = null;
      this.emit('start');
      this.emit('echo:Marlin 2.1.2.4');
      this.emit('echo: Last Updated: 2024-01-01 | Author: (virtual)');
      this.emit('echo:SD card ok');
    }
    this.wireIn(dt);
    if (!this.killed) {
      this.machine.tick(dt, this.now, (l) => this.emit(l));
      this.serviceQueue();
    }
    this.txOut(dt);
  }

  /** Longest stretch the emulated wire sat idle between two bytes (benchmarks: sender stalls show up here). */
  maxWireGapMs = 0;
  maxWireGapAt: { at: number; executed: number; queue: number; planner: number } | null = null;
  /** Total idle wire time between the first and the last byte since resetStats(). */
  wireIdleMs = 0;
  private wireIdleSince: number | null = null;
  private gapArmed = true;
  resetStats(): void {
    this.maxWireGapMs = 0;
    this.wireIdleMs = 0;
    this.wireIdleSince = null;
    this.gapArmed = false; // the idle time before the next byte (job start) is not a gap
    this.machine.planner.starvationMs = 0;
    this.machine.planner.starvationEvents = 0;
    this.machine.planner.movesExecuted = 0;
    this.machine.planner.plannedMs = 0;
    this.executed.length = 0;
  }

  private wireIn(dt: number): void {
    const avail = this.wire.length - this.wirePos;
    if (avail <= 0) {
      this.rxCredit = 0;
      this.wireIdleSince ??= this.now - dt;
      return;
    }
    if (this.wireIdleSince !== null) {
      const gap = this.now - dt - this.wireIdleSince;
      if (this.gapArmed) {
        if (gap > this.maxWireGapMs) this.maxWireGapAt = { at: this.now, executed: this.executed.length, queue: this.queue.length, planner: this.machine.planner.blocks.length };
        this.maxWireGapMs = Math.max(this.maxWireGapMs, gap);
        this.wireIdleMs += gap;
      }
      this.wireIdleSince = null;
    }
    this.gapArmed = true;
    let n = avail;
    if (this.baud) {
      this.rxCredit += (dt * this.baud) / 10000;
      n = Math.min(avail, Math.floor(this.rxCredit));
      this.rxCredit -= n;
    }
    for (let i = 0; i < n; i++) {
      // The firmware's main loop keeps draining the ring while bytes arrive (it only stops when the command queue is
      // full); an unpaced burst must not overflow a ring the real loop would have emptied.
      if (this.rx.length >= this.rxSize - 1) this.drainRx();
      this.rxByte(this.wire[this.wirePos++]);
    }
    if (this.wirePos > 65536) {
      this.wire = this.wire.slice(this.wirePos);
      this.wirePos = 0;
    }
    this.drainRx();
  }

  /** One byte lands in the RX ring (interrupt context: the emergency parser looks at it here). */
  private rxByte(ch: string): void {
    this.lastByteIn = ch;
    if (ch === '\n' || ch === '\r') {
      const ep = EMERGENCY_RE.exec(this.epLine);
      this.epLine = '';
      if (ep && this.machine && (this.opts.emergencyParser ?? true) && !this.killed) {
        if (ep[1] === 'M112') this.kill('Printer halted. kill() called!');
        else this.machine.emergency(ep[1]);
      }
    } else if (this.epLine.length < 16) this.epLine += ch;
    if (this.rx.length >= this.rxSize - 1) {
      this.counters.rxOverflowBytes++;
      return;
    }
    this.rx.push(ch);
  }

  /** get_serial_commands(): read the ring only while the command queue has a free slot. */
  private drainRx(): void {
    let i = 0;
    while (i < this.rx.length && this.queue.length < this.bufsize) {
      const ch = this.rx[i++];
      if (ch === '\n' || ch === '\r') {
        const line = this.lineBuf;
        this.lineBuf = '';
        if (this.skipToEol) {
          this.skipToEol = false;
          continue;
        }
        this.rx.splice(0, i);
        i = 0;
        this.handleLine(line);
        continue;
      }
      if (this.lineBuf.length < this.maxCmd - 1) this.lineBuf += ch; // MAX_CMD_SIZE: the rest is silently dropped
    }
    if (i > 0) this.rx.splice(0, i);
  }

  private lineError(msg: string): void {
    this.counters.lineErrors++;
    const times = this.rand() < (this.faults.duplicateResendRate ?? 0) ? 2 : 1;
    for (let k = 0; k < times; k++) {
      this.counters.resendsRequested++;
      this.emit(`Error:${msg}${this.lastN}`);
      this.emit(`Resend: ${this.lastN + 1}`);
      if (this.opts.okAfterResend ?? true) this.emit('ok');
    }
    // flush_and_request_resend(): everything in the ring is discarded; the tail of a line still on the wire is garbage.
    this.rx = [];
    this.lineBuf = '';
    this.skipToEol = this.lastByteIn !== '\n' && this.lastByteIn !== '\r';
  }

  private corrupt(line: string): string {
    if (line.length === 0) return line;
    const i = Math.floor(this.rand() * line.length);
    const c = line.charCodeAt(i) ^ (1 << Math.floor(this.rand() * 6));
    return line.slice(0, i) + String.fromCharCode(c === 10 || c === 13 ? 65 : c) + line.slice(i + 1);
  }

  private handleLine(raw: string): void {
    if (this.killed || !this.connected) return;
    this.counters.linesReceived++;
    let line = raw;
    const f = this.faults;
    if (line.trim()) {
      if (this.stormLeft > 0) {
        this.stormLeft--;
        line = this.corrupt(line);
        this.counters.corrupted++;
      } else if (f.resendStormRate && this.rand() < f.resendStormRate) {
        this.stormLeft = (f.stormLength ?? 5) - 1;
        line = this.corrupt(line);
        this.counters.corrupted++;
      } else if (f.checksumCorruptionRate && this.rand() < f.checksumCorruptionRate) {
        line = this.corrupt(line);
        this.counters.corrupted++;
      } else if (f.dropLineRate && this.rand() < f.dropLineRate) {
        this.counters.dropped++;
        return;
      }
    }
    const semi = line.indexOf(';');
    if (semi >= 0) line = line.slice(0, semi);
    line = line.trimStart();
    if (!line.trim()) return; // empty and comment-only lines: no ok
    let n: number | null = null;
    let cmd: string;
    if (line[0] === 'N') {
      const m = /^N(-?\d+)/.exec(line);
      const gcodeN = m ? Number(m[1]) : NaN;
      const isM110 = line.includes('M110');
      if (!isM110 && gcodeN !== this.lastN + 1) {
        if (this.opts.dropDuplicateLines && (gcodeN === this.lastN || gcodeN === this.lastN - 1)) return;
        this.lineError('Line Number is not Last Line Number+1, Last Line: ');
        return;
      }
      const star = line.lastIndexOf('*');
      if (star < 0) {
        this.lineError('No Checksum with line number, Last Line: ');
        return;
      }
      let cs = 0;
      for (let i = 0; i < star; i++) cs ^= line.charCodeAt(i) & 0xff;
      if (String(cs) !== line.slice(star + 1).trim()) {
        this.lineError('checksum mismatch, Last Line: ');
        return;
      }
      cmd = line.slice(m ? m[0].length : 1, star).trim();
      if (isM110) {
        const after = /M110\s*N?\s*(-?\d+)/.exec(cmd);
        this.lastN = after ? Number(after[1]) : gcodeN;
      } else this.lastN = gcodeN;
      n = gcodeN;
    } else {
      const star = line.indexOf('*');
      cmd = (star >= 0 ? line.slice(0, star) : line).trim();
    }
    this.queue.push({ cmd, n, fromSd: false, started: false, blockedSince: this.now, busyUntil: null });
  }

  private sendOk(q: Queued, extra = ''): void {
    if (q.fromSd) return;
    if (this.faults.lostOkRate && this.rand() < this.faults.lostOkRate) {
      this.counters.oksLost++;
      return;
    }
    this.counters.oksSent++;
    if (this.opts.advancedOk) {
      const nPart = q.n !== null ? `N${q.n} ` : '';
      this.emit(`ok ${nPart}P${Math.max(0, this.machine.planner.free - 1)} B${this.bufsize - this.queue.length}${extra}`);
    } else this.emit(extra ? `ok${extra}` : 'ok');
  }

  /** Run queued commands until one blocks; feed SD lines into free slots while SD printing. */
  private serviceQueue(): void {
    for (let guard = 0; guard < 10000; guard++) {
      if (this.queue.length < this.bufsize && this.queue.length === 0 && this.machine.sdPrinting) {
        const sd = this.machine.nextSdCommand((l) => this.emit(l));
        if (sd) this.queue.push({ cmd: sd, n: null, fromSd: true, started: false, blockedSince: this.now, busyUntil: null });
      }
      const q = this.queue[0];
      if (!q) break;
      const emit = (l: string) => this.emit(l);
      if (!q.started && this.faults.longBusyRate && this.rand() < this.faults.longBusyRate) q.busyUntil = this.now + (this.faults.longBusyMs ?? 3000);
      if (q.busyUntil !== null && this.now < q.busyUntil) {
        q.started = true;
        this.keepalive(q);
        break;
      }
      const code = /^M(\d+)/.exec(q.cmd)?.[1];
      let res: 'done' | 'blocked';
      let extra = '';
      if (code === '105') {
        extra = ' ' + this.machine.heaterLine();
        res = 'done';
      } else if (code === '112') {
        this.kill();
        return;
      } else if (code === '110') {
        res = 'done';
      } else {
        res = this.machine.execute(q.cmd, this.now, emit, !q.started);
      }
      q.started = true;
      if (res === 'blocked') {
        this.keepalive(q);
        break;
      }
      // Unknown commands (e.g. a line whose leading N was corrupted) did nothing: not part of the executed log.
      if ((this.opts.recordExecuted ?? true) && /^[GMT]\d/i.test(q.cmd)) this.executed.push({ n: q.n, cmd: q.cmd });
      this.sendOk(q, extra);
      this.queue.shift();
      this.drainRx();
    }
  }

  /** HOST_KEEPALIVE_FEATURE: `echo:busy: processing` every interval while a command blocks. */
  private keepalive(q: Queued): void {
    const interval = this.opts.keepaliveMs ?? 2000;
    if (this.now - q.blockedSince >= interval && this.now - this.lastBusy >= interval) {
      this.lastBusy = this.now;
      this.emit(/^M0|^M1\b/.test(q.cmd) ? 'echo:busy: paused for user' : 'echo:busy: processing');
    }
  }

  private txOut(dt: number): void {
    if (!this.tx) {
      this.txCredit = 0;
      return;
    }
    if (!this.connected) {
      this.tx = '';
      return;
    }
    let chunk: string;
    if (this.baud) {
      this.txCredit += (dt * this.baud) / 10000;
      const n = Math.min(this.tx.length, Math.floor(this.txCredit));
      if (n <= 0) return;
      this.txCredit -= n;
      chunk = this.tx.slice(0, n);
      this.tx = this.tx.slice(n);
    } else {
      chunk = this.tx;
      this.tx = '';
    }
    for (const l of this.listeners) l(chunk);
  }
}
