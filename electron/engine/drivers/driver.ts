// The one interface every printer driver implements; the rest of the engine talks only to this.
import type { PrinterConfig } from '../../shared/contract/printer-config.js';
import type { PrinterStatus } from '../../shared/contract/printer-status.js';
import type { DriverMetricsSink } from '../metrics/driver-counters.js';

export interface DriverCapabilities {
  sdCard: boolean;
  ams: boolean;
  emergencyStop: boolean;
  rawGcode: boolean;
  upload: boolean;
}

/** A line of the printer's terminal (serial lines or MQTT summaries), kept in a bounded ring. */
export interface TerminalLine {
  at: number; // epoch ms
  direction: 'sent' | 'received' | 'info';
  text: string;
}

export interface PrinterDriver {
  readonly id: string;
  readonly type: PrinterConfig['type'];
  readonly capabilities: DriverCapabilities;

  connect(): Promise<void>;
  disconnect(): Promise<void>;

  /** Latest normalized status: a fresh plain object the caller may keep. */
  status(): PrinterStatus;
  /** Called with every new status; returns the unsubscribe. */
  onStatus(listener: (status: PrinterStatus) => void): () => void;
  /** Terminal lines as they happen; returns the unsubscribe. */
  onTerminal(listener: (line: TerminalLine) => void): () => void;

  /** Raw G-code (one or more lines); resolves when the printer acknowledged it. */
  sendGcode(gcode: string): Promise<void>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  cancel(): Promise<void>;
  /** Bypasses every queue (M112/M108/M410 on Marlin, print.stop on Bambu). */
  emergencyStop(): Promise<void>;
}

export interface DriverDeps {
  /** Structured logger (pino-compatible subset). */
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
  dataDir: string;
  /** Counters for the Metrics room and /metrics (messages, lines sent, resends, reconnects); absent in tests. */
  metrics?: DriverMetricsSink;
}

export type DriverFactory<C extends PrinterConfig = PrinterConfig> = (config: C, deps: DriverDeps) => PrinterDriver;
