// Contract group `telemetry`: farm grid snapshot, printer history, detail-view watch leases, engine metrics.
import { z } from 'zod';
import type { ContractGroup } from './envelope.js';
import { Empty } from './common.js';
import { HistogramSnapshot } from './app.js';
import { PrinterId } from './printer-status.js';
import { FarmDiff, HistorySlice, PrinterDetailPush } from './telemetry-types.js';

export * from './telemetry-types.js';

export const RuntimeSample = z.object({
  at: z.number(),
  eventLoopP50Ms: z.number(),
  eventLoopP99Ms: z.number(),
  eventLoopMaxMs: z.number(),
  heapUsedBytes: z.number(),
  rssBytes: z.number(),
  cpuPercent: z.number(),
  extra: z.record(z.string(), z.number()),
});
export type RuntimeSample = z.infer<typeof RuntimeSample>;

export const DriverRates = z.object({
  id: z.string(),
  reportsPerSecond: z.number(),
  messagesPerSecond: z.number(),
  linesPerSecond: z.number(),
  resendRatio: z.number(),
  reconnects: z.number(),
  messages: z.number(),
});
export type DriverRates = z.infer<typeof DriverRates>;

export const EngineMetrics = z.object({
  runtime: z.array(RuntimeSample),
  drivers: z.array(DriverRates),
  dbWrite: HistogramSnapshot,
  reportToPush: HistogramSnapshot,
  printers: z.number(),
  historyBytes: z.number(),
  historyBytesBoundPerPrinter: z.number(),
  rowsWritten: z.number(),
  farmPushes: z.number(),
  /** Most telemetry:farm pushes the engine sent within any one second since start (budget ≤ 10). */
  maxFarmPushesInOneSecond: z.number(),
  statusEvents: z.number(),
});
export type EngineMetrics = z.infer<typeof EngineMetrics>;

export const telemetry = {
  farm: {
    kind: 'query',
    summary: 'Every printer as a farm-grid card (a full diff); then follow telemetry:farm events from its toVersion',
    input: Empty,
    output: FarmDiff,
  },
  history: {
    kind: 'query',
    summary: 'Temperature/progress history of one printer (1 s, 10 s or 1 min buckets, chosen by the range)',
    input: z
      .object({
        id: PrinterId,
        fromMs: z.number(),
        toMs: z.number().optional(),
        resolutionMs: z.union([z.literal(1000), z.literal(10_000), z.literal(60_000)]).optional(),
      })
      .strict(),
    output: HistorySlice,
  },
  watch: {
    kind: 'command',
    summary: 'Stream one printer as telemetry:printer events (≤ 10/s) for a lease; renew before it ends',
    input: z.object({ id: PrinterId }).strict(),
    output: z.object({ leaseMs: z.number() }),
  },
  unwatch: { kind: 'command', summary: 'Stop streaming one printer', input: z.object({ id: PrinterId }).strict(), output: z.null() },
  engine: {
    kind: 'query',
    summary: 'Engine metrics: event-loop lag, heap, CPU, per-driver rates, DB write and push latency',
    input: Empty,
    output: EngineMetrics,
  },
} as const satisfies ContractGroup;

/** Pushed events: the farm grid stream (diffs chained by version) and watched printers' detail. */
export const telemetryEvents = {
  'telemetry:farm': FarmDiff,
  'telemetry:printer': PrinterDetailPush,
} as const;
