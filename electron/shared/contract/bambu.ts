// Contract group `bambu`: controls only Bambu LAN printers have, and the certificate probe behind "trust this printer".
import { z } from 'zod';
import type { ContractGroup } from './envelope.js';
import { PrinterId } from './printer-status.js';

const ById = z.object({ id: PrinterId }).strict();

/** What the "trust this printer's certificate?" dialog shows before the user decides. */
export const BambuCertificateInfo = z.object({
  fingerprint256: z.string(), // 'AA:BB:…' — pass exactly this to printers.trustCertificate
  subject: z.string(),
  issuer: z.string(),
  validTo: z.string(),
  /** True when the certificate already verifies against the Bambu CA with CN = serial (no trust needed). */
  verified: z.boolean(),
  verifyError: z.string().nullable(),
});
export type BambuCertificateInfo = z.infer<typeof BambuCertificateInfo>;

export const bambu = {
  setSpeedLevel: {
    kind: 'command',
    summary: 'Set the speed preset: 1 silent, 2 standard, 3 sport, 4 ludicrous (resolves when the printer acknowledged it)',
    input: z.object({ id: PrinterId, level: z.number().int().min(1).max(4) }).strict(),
    output: z.null(),
  },
  setLight: {
    kind: 'command',
    summary: 'Switch the chamber or work light on or off',
    input: z.object({ id: PrinterId, node: z.enum(['chamber_light', 'work_light']), on: z.boolean() }).strict(),
    output: z.null(),
  },
  setAmsFilament: {
    kind: 'command',
    summary: 'Tell the printer which filament is in an AMS slot (material, colour, profile, nozzle range)',
    input: z
      .object({
        id: PrinterId,
        amsId: z.number().int().min(0).max(127),
        trayId: z.number().int().min(0).max(3),
        material: z.string().min(1).max(16),
        color: z.string().regex(/^#?[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$/, 'RRGGBB or RRGGBBAA'),
        trayInfoIdx: z.string().min(1).max(16), // filament profile id, e.g. GFA00
        nozzleTempMin: z.number().int().min(150).max(350),
        nozzleTempMax: z.number().int().min(150).max(350),
      })
      .strict(),
    output: z.null(),
  },
  amsControl: {
    kind: 'command',
    summary: 'Answer an AMS alarm (filament runout, tangle) like the printer screen: resume, reset, pause or done',
    input: z.object({ id: PrinterId, action: z.enum(['resume', 'reset', 'pause', 'done']) }).strict(),
    output: z.null(),
  },
  amsChangeFilament: {
    kind: 'command',
    summary: 'Load filament from an AMS slot, or unload the current filament (not while printing)',
    input: z
      .object({ id: PrinterId, load: z.object({ amsId: z.number().int().min(0).max(3), slotId: z.number().int().min(0).max(3) }).strict().nullable() })
      .strict(),
    output: z.null(),
  },
  skipObjects: {
    kind: 'command',
    summary: 'Skip objects of the running print (ids from the 3MF slice info)',
    input: z.object({ id: PrinterId, objectIds: z.array(z.number().int().min(0)).min(1).max(256) }).strict(),
    output: z.null(),
  },
  probeCertificate: {
    kind: 'query',
    summary: "Read a Bambu printer's TLS certificate (handshake only; the access code is not sent) for the trust dialog",
    input: ById,
    output: BambuCertificateInfo,
  },
} as const satisfies ContractGroup;
