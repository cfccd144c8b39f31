// Every event the engine pushes to views: name → payload schema. Names are `domain:action`.
import { z } from 'zod';
import { HostMetrics } from './app.js';
import { PrinterSummary, TerminalLine } from './printers.js';
import { PrinterStatus } from './printer-status.js';
import { fileEvents } from './files.js';
import { telemetryEvents } from './telemetry.js';

export const events = {
  'host:metrics': HostMetrics,
  'printer:status': z.object({ id: z.string(), status: PrinterStatus }),
  'printer:terminal': z.object({ id: z.string(), line: TerminalLine }),
  'printers:changed': z.object({ printers: z.array(PrinterSummary) }),
  ...fileEvents,
  ...telemetryEvents,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
