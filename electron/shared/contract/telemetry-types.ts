// Shapes of what telemetry pushes to views (farm grid cards, printer detail, history) — shared by engine and renderer.
import { z } from 'zod';
import { PrinterState, PrinterStatus } from './printer-status.js';

/** One farm-grid card, flat so a diff is a plain field patch. Temperatures are whole degrees: jitter is not news. */
export const FarmCard = z.object({
  id: z.string(),
  name: z.string(),
  model: z.string().nullable(),
  type: z.enum(['marlin', 'bambu']),
  virtual: z.boolean(),
  state: PrinterState,
  message: z.string().nullable(),
  /** Epoch ms when the printer entered this state (the "Needs you" strip sorts by it). */
  stateSince: z.number(),
  jobName: z.string().nullable(),
  progress: z.number().nullable(),
  layer: z.number().nullable(),
  totalLayers: z.number().nullable(),
  remainingMinutes: z.number().nullable(),
  toolActual: z.number().nullable(),
  toolTarget: z.number().nullable(),
  bedActual: z.number().nullable(),
  bedTarget: z.number().nullable(),
  materialName: z.string().nullable(),
  materialColor: z.string().nullable(),
  faultCount: z.number(),
});
export type FarmCard = z.infer<typeof FarmCard>;

/** A card patch: the id plus only the fields that changed since the last push to this view. */
export const FarmCardPatch = FarmCard.partial().extend({ id: z.string() });
export type FarmCardPatch = z.infer<typeof FarmCardPatch>;

/**
 * Farm grid push. `full` = replace everything (first push, or the view fell too far behind);
 * otherwise apply patches on top of the cards at `fromVersion`.
 */
export const FarmDiff = z.object({
  full: z.boolean(),
  fromVersion: z.number(),
  toVersion: z.number(),
  changed: z.array(FarmCardPatch),
  removed: z.array(z.string()),
});
export type FarmDiff = z.infer<typeof FarmDiff>;

export const SERIES_NAMES = [
  'toolActual',
  'toolTarget',
  'bedActual',
  'bedTarget',
  'chamberActual',
  'chamberTarget',
  'progress',
  'partFan',
  'speed',
] as const;

/** Columnar history: times (epoch ms, bucket start) and one column per series in SERIES_NAMES order. */
export const HistorySlice = z.object({
  resolutionMs: z.number(),
  times: z.array(z.number()),
  columns: z.array(z.array(z.number().nullable())),
});
export type HistorySlice = z.infer<typeof HistorySlice>;

/** Printer detail push: the full latest status when it changed, plus 1 s history buckets closed since the last push. */
export const PrinterDetailPush = z.object({
  id: z.string(),
  version: z.number(),
  status: PrinterStatus.nullable(),
  points: HistorySlice.nullable(),
});
export type PrinterDetailPush = z.infer<typeof PrinterDetailPush>;
