// Per-driver counters the drivers increment (messages in, lines sent, resends, MQTT reconnects), turned into rates.
/** What a driver sees: four cheap increments. Pass it through DriverDeps.metrics (optional). */
export interface DriverMetricsSink {
  /** A message from the printer (serial line, MQTT report). */
  message(count?: number): void;
  /** A G-code line written to the printer (serial), the denominator of the resend ratio. */
  lineSent(count?: number): void;
  /** The firmware asked for a line again (Marlin `Resend:`/`rs`). */
  resend(count?: number): void;
  /** The MQTT (or serial) connection was re-established after a drop. */
  reconnect(): void;
}

export interface DriverRates {
  id: string;
  /** Normalized status reports reaching telemetry (counted by the engine, whatever the driver does). */
  reportsPerSecond: number;
  messagesPerSecond: number;
  linesPerSecond: number;
  /** resends / lines sent since start (0 when nothing was sent). */
  resendRatio: number;
  reconnects: number;
  messages: number;
}

interface Counts {
  reports: number;
  prevReports: number;
  reportsPerSecond: number;
  messages: number;
  lines: number;
  resends: number;
  reconnects: number;
  // at the previous rate sample
  prevMessages: number;
  prevLines: number;
  messagesPerSecond: number;
  linesPerSecond: number;
}

export class DriverCounters {
  private readonly counts = new Map<string, Counts>();
  private lastSampleAt = performance.now();

  /** The sink for one printer's driver; cheap to call per message. */
  forPrinter(id: string): DriverMetricsSink {
    const c = this.entry(id);
    return {
      message: (n = 1) => void (c.messages += n),
      lineSent: (n = 1) => void (c.lines += n),
      resend: (n = 1) => void (c.resends += n),
      reconnect: () => void c.reconnects++,
    };
  }

  /** Counted by telemetry for every printer:status it receives. */
  statusReport(id: string): void {
    this.entry(id).reports++;
  }

  remove(id: string): void {
    this.counts.delete(id);
  }

  /** Turn counts into per-second rates over the time since the last call (call every few seconds). */
  sampleRates(now = performance.now()): void {
    const seconds = Math.max(0.001, (now - this.lastSampleAt) / 1000);
    this.lastSampleAt = now;
    for (const c of this.counts.values()) {
      c.reportsPerSecond = (c.reports - c.prevReports) / seconds;
      c.prevReports = c.reports;
      c.messagesPerSecond = (c.messages - c.prevMessages) / seconds;
      c.linesPerSecond = (c.lines - c.prevLines) / seconds;
      c.prevMessages = c.messages;
      c.prevLines = c.lines;
    }
  }

  rates(): DriverRates[] {
    return [...this.counts.entries()].map(([id, c]) => ({
      id,
      reportsPerSecond: c.reportsPerSecond,
      messagesPerSecond: c.messagesPerSecond,
      linesPerSecond: c.linesPerSecond,
      resendRatio: c.lines ? c.resends / c.lines : 0,
      reconnects: c.reconnects,
      messages: c.messages,
    }));
  }

  totals(): { messagesPerSecond: number; resendRatio: number; reconnects: number; resends: number; lines: number } {
    let messagesPerSecond = 0;
    let lines = 0;
    let resends = 0;
    let reconnects = 0;
    for (const c of this.counts.values()) {
      messagesPerSecond += c.messagesPerSecond;
      lines += c.lines;
      resends += c.resends;
      reconnects += c.reconnects;
    }
    return { messagesPerSecond, resendRatio: lines ? resends / lines : 0, reconnects, resends, lines };
  }

  private entry(id: string): Counts {
    let c = this.counts.get(id);
    if (!c) {
      c = { reports: 0, prevReports: 0, reportsPerSecond: 0, messages: 0, lines: 0, resends: 0, reconnects: 0, prevMessages: 0, prevLines: 0, messagesPerSecond: 0, linesPerSecond: 0 };
      this.counts.set(id, c);
    }
    return c;
  }
}
