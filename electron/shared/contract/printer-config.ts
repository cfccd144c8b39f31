// Printer configuration, one schema per driver `type` (validated on load: unknown keys are errors).
import { z } from 'zod';
import { PrinterId } from './printer-status.js';

const common = {
  id: PrinterId,
  name: z.string().min(1).max(80),
  /** Virtual printers are simulated (demo mode, tests) and labelled "Virtual" everywhere. */
  virtual: z.boolean().default(false),
  tags: z.array(z.string().max(40)).max(20).default([]),
  buildVolume: z.object({ x: z.number().positive(), y: z.number().positive(), z: z.number().positive() }).nullable().default(null),
  nozzleDiameter: z.number().positive().nullable().default(null),
};

export const MarlinPrinterConfig = z
  .object({
    ...common,
    type: z.literal('marlin'),
    /** Device path (/dev/ttyUSB0, COM3) or, for a virtual printer, 'virtual:<name>'. */
    port: z.string().min(1).max(256),
    /** A number, or 'auto' to try a list of common rates. */
    baud: z.union([z.number().int().positive(), z.literal('auto')]).default(115200),
    /** USB serial number, so the printer is recognised when it comes back on another /dev/tty*. */
    usbSerial: z.string().max(128).nullable().default(null),
    usbVendorId: z.string().max(8).nullable().default(null),
    usbProductId: z.string().max(8).nullable().default(null),
    /** 'windowed' keeps several lines in flight; 'ping-pong' sends one line per ok. */
    streaming: z.enum(['windowed', 'ping-pong']).default('windowed'),
    gcode: z
      .object({
        start: z.string().max(8000).default(''),
        end: z.string().max(8000).default(''),
        pause: z.string().max(8000).default('G91\nG1 E-2 F2400\nG1 Z10 F600\nG90\nG1 X10 Y200 F6000'),
        resume: z.string().max(8000).default(''),
        cancel: z.string().max(8000).default('M104 S0\nM140 S0\nM107\nG91\nG1 Z10 F600\nG90\nM84'),
      })
      .strict()
      .default({ start: '', end: '', pause: 'G91\nG1 E-2 F2400\nG1 Z10 F600\nG90\nG1 X10 Y200 F6000', resume: '', cancel: 'M104 S0\nM140 S0\nM107\nG91\nG1 Z10 F600\nG90\nM84' }),
  })
  .strict();
export type MarlinPrinterConfig = z.infer<typeof MarlinPrinterConfig>;

export const BambuPrinterConfig = z
  .object({
    ...common,
    type: z.literal('bambu'),
    host: z.string().min(1).max(253), // IP or hostname on the LAN
    port: z.number().int().min(1).max(65535).default(8883),
    serial: z.string().min(1).max(64),
    model: z.string().max(32).nullable().default(null), // X1C, P1S, P1P, A1, A1 mini…
    /** Never stored in clear: the config on disk holds an encrypted reference; the UI sends it once. */
    accessCode: z.string().min(1).max(64).optional(),
    /** SHA-256 fingerprint of a certificate the user explicitly chose to trust; null = verify against the Bambu CA. */
    trustedCertFingerprint: z.string().max(128).nullable().default(null),
  })
  .strict();
export type BambuPrinterConfig = z.infer<typeof BambuPrinterConfig>;

export const PrinterConfig = z.discriminatedUnion('type', [MarlinPrinterConfig, BambuPrinterConfig]);
export type PrinterConfig = z.infer<typeof PrinterConfig>;
export type PrinterType = PrinterConfig['type'];
