// The normalized status every driver (Marlin, Bambu, virtual) reports: one shape for the whole UI.
import { z } from 'zod';

export const PrinterId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits, _ . : - only');
export type PrinterId = z.infer<typeof PrinterId>;

/** State words the UI colours: printing blue, idle/finished green, paused amber, error/failed red, offline grey. */
export const PrinterState = z.enum([
  'offline',
  'connecting',
  'idle',
  'preparing', // heating, levelling, homing before the first layer
  'printing',
  'paused',
  'finished', // done; plate not yet confirmed clear
  'failed',
  'error', // firmware halted, HMS fatal, thermal runaway
]);
export type PrinterState = z.infer<typeof PrinterState>;

export const Heater = z.object({ actual: z.number(), target: z.number() });
export type Heater = z.infer<typeof Heater>;

export const AmsTray = z.object({
  id: z.number().int(),
  material: z.string().nullable(), // 'PLA', 'PETG'…; null when the slot is empty
  color: z.string().nullable(), // '#RRGGBB' or '#RRGGBBAA'
  remainPercent: z.number().nullable(), // null when the AMS cannot tell (-1 on the wire)
  name: z.string().nullable().optional(),
  /** Bambu: this slot is the one currently feeding the nozzle (tray_now). */
  active: z.boolean().optional(),
});
export const AmsUnit = z.object({
  id: z.number().int(),
  humidity: z.number().nullable(),
  /** Bambu AMS humidity level index 1–5 (the `humidity` field; `humidity_raw` % goes into humidity). */
  humidityLevel: z.number().int().nullable().optional(),
  temperature: z.number().nullable(),
  trays: z.array(AmsTray),
});
export type AmsUnit = z.infer<typeof AmsUnit>;

export const PrinterErrorSeverity = z.enum(['fatal', 'serious', 'common', 'info']);
export const PrinterFault = z.object({
  code: z.string(), // HMS code like '0300_0100_0001_0007', print_error hex, or 'thermal-runaway'
  severity: PrinterErrorSeverity,
  message: z.string(), // in words
});
export type PrinterFault = z.infer<typeof PrinterFault>;

export const JobProgress = z.object({
  name: z.string(),
  progress: z.number().min(0).max(100), // percent
  layer: z.number().int().nullable(),
  totalLayers: z.number().int().nullable(),
  remainingMinutes: z.number().nullable(),
  /** Marlin: last line the firmware acknowledged and the byte position in the file. */
  lastAckedLine: z.number().int().nullable().optional(),
  filePosition: z.number().int().nullable().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const PrinterStatus = z.object({
  state: PrinterState,
  /** One human sentence when the state needs explaining ('Access code rejected', 'Thermal runaway on T0'). */
  message: z.string().nullable(),
  tools: z.array(Heater), // one per hotend
  bed: Heater.nullable(),
  chamber: Heater.nullable(),
  job: JobProgress.nullable(),
  fans: z.object({ part: z.number().nullable(), aux: z.number().nullable(), chamber: z.number().nullable() }), // percent
  speedPercent: z.number().nullable(), // feed-rate override (M220) or Bambu speed level mapped to %
  speedLevel: z.number().int().nullable(), // Bambu 1 silent … 4 ludicrous; null elsewhere
  position: z.object({ x: z.number(), y: z.number(), z: z.number(), e: z.number() }).nullable(),
  ams: z.array(AmsUnit),
  faults: z.array(PrinterFault),
  /** Epoch ms of the last report from the printer itself (not of a local recompute). */
  reportedAt: z.number(),
  /**
   * Bambu: set while the printer's TLS certificate did not verify against the Bambu CA. The UI offers an explicit
   * "trust this printer's certificate" choice showing these details, then calls printers.trustCertificate.
   */
  untrustedCertificate: z
    .object({ fingerprint256: z.string(), subject: z.string(), issuer: z.string(), reason: z.string() })
    .nullable()
    .optional(),
});
export type PrinterStatus = z.infer<typeof PrinterStatus>;

export function emptyStatus(state: PrinterState = 'offline'): PrinterStatus {
  return {
    state,
    message: null,
    tools: [],
    bed: null,
    chamber: null,
    job: null,
    fans: { part: null, aux: null, chamber: null },
    speedPercent: null,
    speedLevel: null,
    position: null,
    ams: [],
    faults: [],
    reportedAt: 0,
  };
}
