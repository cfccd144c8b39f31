// A PrinterDriver over the demo status generator, all demo printers stepped by one shared timer (not 500 timers).
import type { PrinterStatus } from '../../shared/contract/printer-status.js';
import { emptyStatus } from '../../shared/contract/printer-status.js';
import type { DriverCapabilities, PrinterDriver, TerminalLine } from '../drivers/driver.js';
import type { DriverMetricsSink } from '../metrics/driver-counters.js';
import type { DemoFeedClient } from './demo-feed.js';
import { StatusGenerator } from './status-generator.js';
import { Listeners } from '../drivers/listeners.js';

/** Steps every registered demo printer when its next report is due. One interval for the whole demo farm. */
export class DemoScheduler {
  private readonly printers = new Set<{ nextAt: number; periodMs: number; report(now: number): void }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly tickMs = 25) {}

  add(p: { nextAt: number; periodMs: number; report(now: number): void }): () => void {
    this.printers.add(p);
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), this.tickMs);
      this.timer.unref();
    }
    return () => {
      this.printers.delete(p);
      if (this.printers.size === 0 && this.timer) {
        clearInterval(this.timer);
        this.timer = null;
      }
    };
  }

  private tick(): void {
    const now = Date.now();
    for (const p of this.printers) {
      if (now < p.nextAt) continue;
      p.nextAt = Math.max(p.nextAt + p.periodMs, now);
      p.report(now);
    }
  }
}

export interface DemoDriverOptions {
  id: string;
  kind: 'marlin' | 'bambu';
  seed: number;
  reportsPerSecond: number;
  scheduler: DemoScheduler;
  /** Statuses from a simulator process instead of the in-process generator (benchmark). */
  feed?: DemoFeedClient;
  metrics?: DriverMetricsSink;
}

const CAPABILITIES: DriverCapabilities = { sdCard: false, ams: false, emergencyStop: true, rawGcode: true, upload: false };

export class DemoDriver implements PrinterDriver {
  readonly capabilities: DriverCapabilities;
  private readonly generator: StatusGenerator;
  private latest: PrinterStatus = emptyStatus('offline');
  private readonly statusListeners = new Listeners<PrinterStatus>();
  private readonly terminalListeners = new Listeners<TerminalLine>();
  private unschedule: (() => void) | null = null;

  constructor(private readonly options: DemoDriverOptions) {
    this.capabilities = { ...CAPABILITIES, ams: options.kind === 'bambu' };
    this.generator = new StatusGenerator({ kind: options.kind, seed: options.seed }, Date.now());
  }

  get id(): string {
    return this.options.id;
  }
  get type(): 'marlin' | 'bambu' {
    return this.options.kind;
  }

  async connect(): Promise<void> {
    if (this.unschedule) return;
    if (this.options.feed) {
      this.unschedule = this.options.feed.on(this.options.id, (status) => {
        this.options.metrics?.message();
        this.emit(status);
      });
      return;
    }
    const periodMs = 1000 / this.options.reportsPerSecond;
    // Spread the farm's reports evenly over the period instead of 500 reports in the same millisecond.
    const offset = (this.options.seed * 7.31) % periodMs;
    this.unschedule = this.options.scheduler.add({ nextAt: Date.now() + offset, periodMs, report: (now) => this.report(now) });
    this.report(Date.now());
  }

  async disconnect(): Promise<void> {
    this.unschedule?.();
    this.unschedule = null;
    this.emit(emptyStatus('offline'));
  }

  status(): PrinterStatus {
    return this.latest;
  }

  onStatus(listener: (status: PrinterStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }

  onTerminal(listener: (line: TerminalLine) => void): () => void {
    return this.terminalListeners.add(listener);
  }

  async sendGcode(gcode: string): Promise<void> {
    for (const text of gcode.split('\n')) {
      this.line('sent', text);
      // Heater targets from the Printers room's controls (M104/M109 nozzle, M140/M190 bed).
      const heat = /^M(104|109|140|190)\b.*?\bS(\d+(?:\.\d+)?)/i.exec(text.trim());
      if (heat) this.generator.setTarget(heat[1] === '104' || heat[1] === '109' ? 'tool' : 'bed', Number(heat[2]));
      this.line('received', 'ok');
    }
    if (this.unschedule && !this.options.feed) this.report(Date.now()); // show the new target at once
  }

  async pause(): Promise<void> {
    this.generator.pause(Date.now());
    this.report(Date.now());
  }
  async resume(): Promise<void> {
    this.generator.resume(Date.now());
    this.report(Date.now());
  }
  async cancel(): Promise<void> {
    this.generator.cancel(Date.now());
    this.report(Date.now());
  }
  async emergencyStop(): Promise<void> {
    this.generator.cancel(Date.now());
    this.line('info', 'Emergency stop (virtual printer)');
    this.report(Date.now());
  }

  private report(now: number): void {
    this.options.metrics?.message();
    this.emit(this.generator.step(now));
  }

  private emit(status: PrinterStatus): void {
    this.latest = status;
    this.statusListeners.emit(status);
  }

  private line(direction: TerminalLine['direction'], text: string): void {
    const line = { at: Date.now(), direction, text };
    this.terminalListeners.emit(line);
  }
}
