// Marlin driver, connection half: port lifecycle (open, boot banner, handshake, auto-baud, reconnect by USB serial),
// temperature reporting, terminal, and folding sender events into the normalized PrinterStatus. The print
// operations (jobs, SD, pause/resume/cancel, resume-from-line) live in driver.ts.
import { existsSync } from 'node:fs';
import { FarmError } from '../../../shared/contract/envelope.js';
import type { MarlinPrinterConfig } from '../../../shared/contract/printer-config.js';
import { emptyStatus, type PrinterState, type PrinterStatus } from '../../../shared/contract/printer-status.js';
import type { DriverCapabilities, DriverDeps, PrinterDriver, TerminalLine } from '../driver.js';
import { createVirtualLink, type VirtualLink } from '../virtual/marlin/link.js';
import type { VirtualMarlinOptions } from '../virtual/marlin/firmware.js';
import type { SimTicker } from '../virtual/marlin/ticker.js';
import { backoffMs, matchPort, portOwners, type PortIdentity } from './ports.js';
import { isEmergency, ReplyContext, stripLine, type SdFile } from './protocol.js';
import { inProcessSender, openWorkerSender, type JobSpec, type SenderHandle } from './sender-host.js';
import type { JobProgressInfo, SenderEvent, SenderOptions } from './sender.js';
import type { SenderStats } from './sender-types.js';
import { applyReply, faultFor } from './status.js';
import { Listeners } from '../listeners.js';

export interface MarlinDriverOptions {
  /** Options for the simulator when config.port is `virtual:<name>`. */
  virtual?: VirtualMarlinOptions;
  /** Ticker driving that simulator (demo mode shares one coarse ticker across hundreds of printers). */
  ticker?: SimTicker;
  sender?: Partial<SenderOptions>;
  /** How long to wait for the `start` banner after opening (AVR boards reset on DTR). */
  bootWaitMs?: number;
  /** Port lister (defaults to native/serial.ts); injectable for tests. */
  listPorts?: () => Promise<PortIdentity[]>;
  /** Bauds tried, in order, when config.baud is 'auto'. */
  autoBauds?: number[];
}

export type MarlinJobState = 'printing' | 'paused' | 'finished' | 'interrupted' | 'cancelled';
export interface MarlinJob {
  name: string;
  source: 'host' | 'sd';
  spec: JobSpec | null;
  state: MarlinJobState;
  progress: JobProgressInfo | null;
  reason: string | null;
}

export interface FirmwareInfo {
  name: string | null;
  fields: Record<string, string>;
  capabilities: Record<string, boolean>;
}

const TERMINAL_RING = 500;
const AUTO_BAUDS = [250000, 115200, 57600, 38400, 19200, 9600];

export abstract class MarlinConnection implements PrinterDriver {
  readonly type = 'marlin' as const;
  readonly id: string;
  readonly capabilities: DriverCapabilities = { sdCard: true, ams: false, emergencyStop: true, rawGcode: true, upload: false };

  protected sender: SenderHandle | null = null;
  private offSender: (() => void) | null = null;
  protected link: VirtualLink | null = null;
  private openPath: string | null = null;
  protected st: PrinterStatus = emptyStatus('offline');
  private ctx = new ReplyContext();
  private statsSeen = { linesSent: 0, resends: 0 };
  protected fw: FirmwareInfo = { name: null, fields: {}, capabilities: {} };
  protected currentJob: MarlinJob | null = null;
  protected parked: { x: number; y: number; z: number; e: number } | null = null;
  private readonly statusListeners = new Listeners<PrinterStatus>();
  private readonly terminalListeners = new Listeners<TerminalLine>();
  private readonly terminal: TerminalLine[] = [];
  protected sdWaiters: ((files: SdFile[]) => void)[] = [];
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private attempt = 0;
  private wanted = false;
  protected halted = false;

  constructor(
    readonly config: MarlinPrinterConfig,
    protected readonly deps: DriverDeps,
    protected readonly o: MarlinDriverOptions = {},
  ) {
    this.id = config.id;
  }

  // ---------------------------------------------------------------- PrinterDriver

  status(): PrinterStatus {
    return structuredClone(this.st);
  }
  onStatus(listener: (s: PrinterStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }
  onTerminal(listener: (l: TerminalLine) => void): () => void {
    return this.terminalListeners.add(listener);
  }
  /** The last few hundred terminal lines (the UI keeps its own larger ring). */
  terminalHistory(): TerminalLine[] {
    return this.terminal.slice();
  }
  firmware(): FirmwareInfo {
    return structuredClone(this.fw);
  }
  job(): MarlinJob | null {
    return this.currentJob ? structuredClone(this.currentJob) : null;
  }
  /** The simulator behind a `virtual:` port (demo mode, tests). */
  get virtualPrinter(): VirtualLink | null {
    return this.link;
  }

  async connect(): Promise<void> {
    this.wanted = true;
    if (this.sender) return;
    this.setState('connecting', null);
    try {
      await this.open();
      this.attempt = 0;
    } catch (err) {
      this.setState('offline', (err as Error).message);
      this.scheduleReconnect();
      throw err instanceof FarmError ? err : new FarmError('unavailable', `Cannot connect to ${this.config.port}: ${(err as Error).message}`);
    }
  }

  async disconnect(): Promise<void> {
    this.wanted = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    await this.teardown('Disconnected');
    this.link?.stop();
    this.link = null;
    this.setState('offline', null);
  }

  async sendGcode(gcode: string): Promise<void> {
    const s = this.requireSender();
    const lines = gcode.split('\n').map((l) => stripLine(l)).filter(Boolean);
    const normal: string[] = [];
    for (const l of lines) {
      if (isEmergency(l)) s.emergency(l);
      else normal.push(l);
    }
    for (const l of normal) this.noteSent(l);
    if (normal.length) await s.command(normal.join('\n')).catch((e: Error) => Promise.reject(new FarmError('rejected', e.message)));
  }

  abstract pause(): Promise<void>;
  abstract resume(): Promise<void>;
  abstract cancel(): Promise<void>;

  async emergencyStop(): Promise<void> {
    if (!this.sender) throw new FarmError('unavailable', 'Printer is not connected.');
    this.sender.emergency('M112');
    this.halted = true;
    if (this.currentJob && (this.currentJob.state === 'printing' || this.currentJob.state === 'paused')) this.currentJob.state = 'interrupted';
    this.setState('error', 'Emergency stop (M112): reset the printer to continue');
  }

  // ---------------------------------------------------------------- connection

  protected requireSender(): SenderHandle {
    if (!this.sender) throw new FarmError('unavailable', 'Printer is not connected.');
    if (this.halted) throw new FarmError('rejected', 'The printer halted; reset it (reconnect) to continue.');
    return this.sender;
  }

  private async open(): Promise<void> {
    this.halted = false;
    this.ctx = new ReplyContext();
    if (this.config.port.startsWith('virtual:')) {
      this.link ??= createVirtualLink({ name: this.config.name, ...this.o.virtual }, this.o.ticker);
      if (!this.link.transport.isOpen) {
        this.link.stop();
        this.link = createVirtualLink({ name: this.config.name, ...this.o.virtual }, this.o.ticker);
      }
      await this.handshake(inProcessSender(this.link.transport, this.o.sender));
      return;
    }
    const list = this.o.listPorts ?? (async () => (await import('../../../../native/serial.js')).listSerialPorts());
    const ports = await list().catch(() => [] as PortIdentity[]);
    // A typed path the OS does not enumerate (/dev/serial/by-id/… symlinks, ptys, rfcomm) is opened as given,
    // unless the printer is known by USB serial: then only the device with that serial may be opened.
    const path = (ports.length ? matchPort(this.config, ports) : this.config.port) ?? (!this.config.usbSerial && existsSync(this.config.port) ? this.config.port : null);
    if (!path) throw new FarmError('unavailable', `Port ${this.config.port} is not present${this.config.usbSerial ? ` (USB serial ${this.config.usbSerial})` : ''}.`);
    if (!portOwners.claim(path, this.id)) throw new FarmError('conflict', `Port ${path} is already used by printer ${portOwners.ownerOf(path)}.`);
    this.openPath = path;
    const bauds = this.config.baud === 'auto' ? (this.o.autoBauds ?? AUTO_BAUDS) : [this.config.baud];
    let lastErr: Error | null = null;
    for (const baud of bauds) {
      let sender: SenderHandle | null = null;
      try {
        sender = await openWorkerSender(path, baud, { ...this.o.sender, baud });
        await this.handshake(sender, bauds.length > 1 ? 2500 : 8000);
        this.info(`Connected to ${path} at ${baud} baud`);
        return;
      } catch (err) {
        lastErr = err as Error;
        await this.teardown('handshake failed', sender);
      }
    }
    portOwners.release(path, this.id);
    this.openPath = null;
    throw new FarmError('unavailable', `No Marlin answer on ${path}: ${lastErr?.message ?? 'unknown'}`);
  }

  private async handshake(sender: SenderHandle, timeoutMs = 8000): Promise<void> {
    this.sender = sender;
    let sawStart = false;
    const off = sender.on((e) => {
      if (e.type === 'line' && e.text.trim() === 'start') sawStart = true;
      this.onSenderEvent(e);
    });
    this.offSender = off;
    // AVR boards reset when the port opens: wait for the boot banner (native-USB boards send none).
    const bootWait = this.o.bootWaitMs ?? 2000;
    const t0 = Date.now();
    while (!sawStart && Date.now() - t0 < bootWait) await new Promise((r) => setTimeout(r, 20));
    this.fw = { name: null, fields: {}, capabilities: {} };
    await withTimeout(sender.resetLineNumbers(), timeoutMs, 'no answer to M110');
    await withTimeout(sender.command('M115'), timeoutMs, 'no answer to M115');
    if (this.fw.capabilities.AUTOREPORT_TEMP) await sender.command('M155 S2');
    else this.startPolling();
    this.setState('idle', null);
  }

  private startPolling(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    let last = 0;
    this.pollTimer = setInterval(() => {
      const heating = this.st.tools.some((t) => t.target > 0) || (this.st.bed?.target ?? 0) > 0;
      if (Date.now() - last < (heating ? 2000 : 5000) || !this.sender || this.halted) return;
      last = Date.now();
      this.sender.command('M105').catch(() => undefined);
    }, 500);
    this.pollTimer.unref?.();
  }

  private async teardown(reason: string, sender: SenderHandle | null = this.sender): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    if (sender === this.sender) {
      this.offSender?.();
      this.offSender = null;
      this.sender = null;
    }
    await sender?.close().catch(() => undefined);
    if (this.openPath) portOwners.release(this.openPath, this.id);
    this.openPath = null;
    void reason;
  }

  private scheduleReconnect(): void {
    if (!this.wanted || this.reconnectTimer) return;
    const delay = backoffMs(this.attempt++);
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      if (!this.wanted || this.sender) return;
      try {
        this.setState('connecting', 'Reconnecting');
        await this.open();
        this.attempt = 0;
        this.deps.metrics?.reconnect();
        this.info('Reconnected');
      } catch (err) {
        this.setState('offline', `Reconnect failed: ${(err as Error).message}`);
        this.scheduleReconnect();
      }
    }, delay);
    this.reconnectTimer.unref?.();
  }

  // ---------------------------------------------------------------- events

  private onSenderEvent(e: SenderEvent): void {
    const now = Date.now();
    switch (e.type) {
      case 'line':
        this.deps.metrics?.message();
        return this.onLine(e.text, now);
      case 'sent':
        return this.pushTerminal({ at: now, direction: 'sent', text: e.text });
      case 'progress':
        if (e.stats) this.countSenderStats(e.stats);
        return this.onProgress(e.progress);
      case 'job-done': {
        this.countSenderStats(e.stats);
        this.onProgress(e.progress);
        if (this.currentJob) this.currentJob.state = 'finished';
        this.setState('finished', `Finished ${e.progress.name}`);
        if (this.config.gcode.end) this.sender?.command(this.config.gcode.end).catch(() => undefined);
        return;
      }
      case 'job-interrupted': {
        if (this.currentJob && this.currentJob.source === 'host') {
          this.currentJob.state = 'interrupted';
          this.currentJob.progress = e.progress;
          this.currentJob.reason = e.reason;
        }
        this.onProgress(e.progress);
        this.info(`Job interrupted at line ${e.progress.lastAckedLine ?? 0}: ${e.reason}`);
        return;
      }
      case 'alarm':
        this.info(`${e.code}: ${e.message}`);
        if (e.code === 'halted') {
          this.halted = true;
          this.st.faults = [...this.st.faults.filter((f) => f.severity !== 'fatal'), faultFor('halted', e.message)];
          this.setState('error', e.message);
        } else if (e.code === 'resend-ratio') {
          this.st.faults = [...this.st.faults.filter((f) => f.code !== 'resend-ratio'), { code: 'resend-ratio', severity: 'common', message: e.message }];
          this.emit();
        }
        return;
      case 'closed': {
        const wasPrinting = this.currentJob?.state === 'printing' || this.currentJob?.state === 'paused';
        void this.teardown(e.reason);
        if (wasPrinting && this.currentJob) this.currentJob.state = 'interrupted';
        this.setState('offline', `Connection lost: ${e.reason}`);
        this.scheduleReconnect();
        return;
      }
    }
  }

  /** Lines sent and resends for the Metrics room: the sender reports running totals, the counters want increments. */
  private countSenderStats(stats: SenderStats): void {
    const seen = this.statsSeen;
    // A new sender (reconnect) starts its totals again from zero.
    const base = stats.linesSent < seen.linesSent ? { linesSent: 0, resends: 0 } : seen;
    if (stats.linesSent > base.linesSent) this.deps.metrics?.lineSent(stats.linesSent - base.linesSent);
    if (stats.resends > base.resends) this.deps.metrics?.resend(stats.resends - base.resends);
    this.statsSeen = { linesSent: stats.linesSent, resends: stats.resends };
  }

  private onLine(text: string, now: number): void {
    this.pushTerminal({ at: now, direction: 'received', text });
    const { reply, sdList, fatal } = this.ctx.feed(text);
    if (sdList) for (const w of this.sdWaiters.splice(0)) w(sdList);
    if (fatal) {
      this.st.faults = [...this.st.faults, faultFor('firmware', fatal)];
      this.halted = true;
      this.setState('error', fatal);
      return;
    }
    switch (reply.kind) {
      case 'firmware':
        this.fw.fields = reply.fields;
        this.fw.name = reply.fields.FIRMWARE_NAME ?? null;
        break;
      case 'capability':
        this.fw.capabilities[reply.name] = reply.enabled;
        break;
      case 'action':
        // Host actions from the printer's own menu (Marlin HOST_ACTION_COMMANDS).
        if (reply.action === 'cancel' && this.currentJob?.state === 'printing') void this.cancel().catch(() => undefined);
        else if (reply.action === 'pause' && this.currentJob?.state === 'printing') void this.pause().catch(() => undefined);
        else if (reply.action === 'resume' && this.currentJob?.state === 'paused') void this.resume().catch(() => undefined);
        break;
      case 'sd-done':
        if (this.currentJob?.source === 'sd') {
          this.currentJob.state = 'finished';
          this.setState('finished', `Finished ${this.currentJob.name}`);
        }
        break;
    }
    if (applyReply(this.st, reply, now)) this.emit();
  }

  private onProgress(p: JobProgressInfo): void {
    if (this.currentJob && this.currentJob.source === 'host') this.currentJob.progress = p;
    this.st.job = {
      name: p.name,
      progress: p.totalBytes > 0 ? Math.min(100, (100 * p.filePosition) / p.totalBytes) : 0,
      layer: p.layer,
      totalLayers: p.totalLayers,
      remainingMinutes: null,
      lastAckedLine: p.lastAckedLine,
      filePosition: p.filePosition,
    };
    this.emit();
  }

  protected noteSent(line: string): void {
    const fan = /^M106\b.*?S(\d+)/i.exec(line);
    if (fan) this.st.fans = { ...this.st.fans, part: Math.round((Number(fan[1]) / 255) * 100) };
    else if (/^M107\b/i.test(line)) this.st.fans = { ...this.st.fans, part: 0 };
    const speed = /^M220\b.*?S(\d+)/i.exec(line);
    if (speed) this.st.speedPercent = Number(speed[1]);
  }

  private pushTerminal(l: TerminalLine): void {
    this.terminal.push(l);
    if (this.terminal.length > TERMINAL_RING) this.terminal.splice(0, this.terminal.length - TERMINAL_RING);
    this.terminalListeners.emit(l);
  }
  private info(text: string): void {
    this.pushTerminal({ at: Date.now(), direction: 'info', text });
    this.deps.log.info({ printer: this.id }, text);
  }

  protected setState(state: PrinterState, message: string | null): void {
    this.st.state = state;
    this.st.message = message;
    if (state === 'idle' || state === 'printing') this.st.faults = this.st.faults.filter((f) => f.severity !== 'fatal');
    this.emit();
  }
  private emit(): void {
    if (this.statusListeners.size === 0) return;
    const snap = this.status();
    this.statusListeners.emit(snap);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new FarmError('timeout', what)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
