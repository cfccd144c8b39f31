// Contract group `printers`: the farm's printers, their live status and their controls.
import { z } from 'zod';
import type { ContractGroup } from './envelope.js';
import { Empty } from './common.js';
import { BambuPrinterConfig, MarlinPrinterConfig } from './printer-config.js';
import { PrinterId, PrinterStatus } from './printer-status.js';

/** A printer as lists show it: its config (never its secrets) and its latest status. */
export const PrinterSummary = z.object({
  id: PrinterId,
  name: z.string(),
  type: z.enum(['marlin', 'bambu']),
  virtual: z.boolean(),
  model: z.string().nullable(),
  tags: z.array(z.string()),
  buildVolume: z.object({ x: z.number(), y: z.number(), z: z.number() }).nullable(),
  nozzleDiameter: z.number().nullable(),
  /** Where it is reached: the serial port path or the LAN host. */
  address: z.string(),
  status: PrinterStatus,
});
export type PrinterSummary = z.infer<typeof PrinterSummary>;

/** What `printers.add` takes: a config whose id may be left out (one is made from the name). */
export const NewPrinter = z.discriminatedUnion('type', [
  MarlinPrinterConfig.partial({ id: true }),
  BambuPrinterConfig.partial({ id: true }),
]);
export type NewPrinter = z.input<typeof NewPrinter>;

export const TerminalLine = z.object({
  at: z.number(),
  direction: z.enum(['sent', 'received', 'info']),
  text: z.string(),
});

const ById = z.object({ id: PrinterId }).strict();

/** A serial port as the add-printer form lists it: USB identity so a printer is recognised on another /dev/tty*. */
export const SerialPortEntry = z.object({
  path: z.string(),
  manufacturer: z.string().nullable(),
  serialNumber: z.string().nullable(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
  /** The printer already using this port (by path or USB serial), if any. */
  printerId: z.string().nullable(),
});
export type SerialPortEntry = z.infer<typeof SerialPortEntry>;

/** A printer's stored config as the settings panel edits it (secrets are never returned). */
export const PrinterSettings = z.discriminatedUnion('type', [MarlinPrinterConfig, BambuPrinterConfig.omit({ accessCode: true })]);
export type PrinterSettings = z.infer<typeof PrinterSettings>;

/** The fields `printers.update` may change; a field that does not apply to the printer's type is an error. */
export const PrinterSettingsPatch = z
  .object({
    name: z.string().min(1).max(80),
    tags: z.array(z.string().min(1).max(40)).max(20),
    buildVolume: z.object({ x: z.number().positive(), y: z.number().positive(), z: z.number().positive() }).nullable(),
    nozzleDiameter: z.number().positive().nullable(),
    // Marlin only
    baud: z.union([z.number().int().positive(), z.literal('auto')]),
    streaming: z.enum(['windowed', 'ping-pong']),
    gcode: z
      .object({ start: z.string().max(8000), end: z.string().max(8000), pause: z.string().max(8000), resume: z.string().max(8000), cancel: z.string().max(8000) })
      .partial()
      .strict(),
    // Bambu only
    model: z.string().max(32).nullable(),
    accessCode: z.string().min(1).max(64),
  })
  .partial()
  .strict();
export type PrinterSettingsPatch = z.input<typeof PrinterSettingsPatch>;

export const printers = {
  list: { kind: 'query', summary: 'Every printer with its latest status', input: Empty, output: z.array(PrinterSummary) },
  get: { kind: 'query', summary: 'One printer with its latest status', input: ById, output: PrinterSummary },
  add: { kind: 'command', summary: 'Add a printer (stored before success is reported)', input: NewPrinter, output: PrinterSummary },
  remove: { kind: 'command', summary: 'Disconnect and forget a printer', input: ById, output: z.null() },
  removeVirtual: { kind: 'command', summary: 'Remove every virtual (demo) printer', input: Empty, output: z.object({ removed: z.number().int() }) },
  connect: { kind: 'command', summary: 'Connect (or reconnect) a printer', input: ById, output: z.null() },
  disconnect: { kind: 'command', summary: 'Disconnect a printer', input: ById, output: z.null() },
  gcode: {
    kind: 'command',
    summary: 'Send raw G-code; resolves when the firmware acknowledged it',
    input: z.object({ id: PrinterId, gcode: z.string().min(1).max(4096) }).strict(),
    output: z.null(),
  },
  pause: { kind: 'command', summary: 'Pause the current print', input: ById, output: z.null() },
  resume: { kind: 'command', summary: 'Resume a paused print', input: ById, output: z.null() },
  cancel: { kind: 'command', summary: 'Cancel the current print (runs the cancel G-code)', input: ById, output: z.null() },
  emergencyStop: {
    kind: 'command',
    summary: 'Emergency stop one printer, bypassing every queue',
    input: ById,
    output: z.null(),
  },
  emergencyStopAll: {
    kind: 'command',
    summary: 'Emergency stop every connected printer',
    input: Empty,
    output: z.object({ stopped: z.number().int(), failed: z.array(z.object({ id: z.string(), message: z.string() })) }),
  },
  terminal: {
    kind: 'query',
    summary: 'The last lines of a printer terminal (bounded ring)',
    input: z.object({ id: PrinterId, limit: z.number().int().min(1).max(10_000).default(500) }).strict(),
    output: z.array(TerminalLine),
  },
  ports: {
    kind: 'query',
    summary: 'Serial ports on this host with their USB vendor/product/serial',
    input: Empty,
    output: z.array(SerialPortEntry),
  },
  settings: { kind: 'query', summary: "A printer's stored settings (never its secrets)", input: ById, output: PrinterSettings },
  update: {
    kind: 'command',
    summary: "Change a printer's settings (stored before success is reported; connection settings apply on reconnect)",
    input: z.object({ id: PrinterId, patch: PrinterSettingsPatch }).strict(),
    output: z.object({ printer: PrinterSummary, reconnected: z.boolean(), appliesAfterPrint: z.boolean() }),
  },
  sdFiles: {
    kind: 'query',
    summary: "Files on the printer's SD card (Marlin M20); 'unavailable' when the driver has no SD card access",
    input: ById,
    output: z.array(z.object({ name: z.string(), size: z.number().nullable(), longName: z.string().nullable() })),
  },
  printSdFile: {
    kind: 'command',
    summary: "Print a file from the printer's SD card (M23 + M24)",
    input: z.object({ id: PrinterId, name: z.string().min(1).max(256).regex(/^[^\n\r]+$/, 'one line') }).strict(),
    output: z.null(),
  },
  resumeInterrupted: {
    kind: 'command',
    summary: 'Resume an interrupted job from the last layer change before the last acknowledged line (default) or from a chosen line',
    input: z
      .object({ id: PrinterId, from: z.discriminatedUnion('kind', [z.object({ kind: z.literal('last-layer') }), z.object({ kind: z.literal('line'), line: z.number().int().min(1) })]) })
      .strict(),
    output: z.null(),
  },
  trustCertificate: {
    kind: 'command',
    summary: "Trust exactly this certificate fingerprint for a Bambu printer (the user's explicit choice), then reconnect",
    input: z.object({ id: PrinterId, fingerprint: z.string().min(16).max(128) }).strict(),
    output: PrinterSummary,
  },
} as const satisfies ContractGroup;
