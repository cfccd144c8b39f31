// Contract groups of the foundation: app info, host metrics, engine metrics.
import { z } from 'zod';
import type { ContractGroup } from './envelope.js';
import { Empty } from './common.js';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  uptimeSeconds: z.number(),
  dataDir: z.string(),
  mode: z.enum(['desktop', 'headless']),
  node: z.string(),
  platform: z.string(),
  demo: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const HostMetrics = z.object({
  /** Epoch ms when this sample was read. */
  sampledAt: z.number(),
  cpu: z.object({ loadPercent: z.number(), cores: z.number().int(), perCore: z.array(z.number()) }),
  memory: z.object({ totalBytes: z.number(), usedBytes: z.number(), availableBytes: z.number() }),
  /** null where the host exposes no sensor (VMs, most CI machines). */
  temperatures: z.object({ cpuMain: z.number().nullable(), cpuMax: z.number().nullable() }),
  process: z.object({ rssBytes: z.number(), heapUsedBytes: z.number(), uptimeSeconds: z.number() }),
});
export type HostMetrics = z.infer<typeof HostMetrics>;

export const HistogramSnapshot = z.object({
  count: z.number().int(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
});
export type HistogramSnapshot = z.infer<typeof HistogramSnapshot>;

export const MetricsSnapshot = z.object({
  takenAt: z.number(),
  /** Per contract call ('group.name'), durations in milliseconds, split by door. */
  calls: z.record(z.string(), HistogramSnapshot),
  counters: z.record(z.string(), z.number()),
  gauges: z.record(z.string(), z.number()),
});
export type MetricsSnapshot = z.infer<typeof MetricsSnapshot>;

export const app = {
  info: { kind: 'query', summary: 'Version, uptime and data directory of this engine', input: Empty, output: AppInfo },
} as const satisfies ContractGroup;

export const host = {
  metrics: {
    kind: 'query',
    summary: 'Latest host CPU, memory and temperature sample (read in the background, at most 2 s old)',
    input: Empty,
    output: HostMetrics.nullable(),
  },
} as const satisfies ContractGroup;

export const metrics = {
  snapshot: {
    kind: 'query',
    summary: 'Latency histograms of every contract call, counters and gauges',
    input: Empty,
    output: MetricsSnapshot,
  },
} as const satisfies ContractGroup;
