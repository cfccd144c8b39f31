// Driver registry that sends virtual printer configs to the demo drivers, everything else to the real factories,
// and hands every driver its metrics sink (DriverDeps.metrics).
// When the driver engineers' virtual printers (createDemoMarlin / createDemoBambu) land, they replace the
// minimal generator here via setVirtualFactory — the rest of demo mode does not change.
import type { PrinterConfig } from '../../shared/contract/printer-config.js';
import type { DriverDeps, PrinterDriver } from '../drivers/driver.js';
import { DriverRegistry } from '../drivers/registry.js';
import { DemoDriver, DemoScheduler } from './demo-driver.js';
import { DEMO_BAMBU_BROKER_ENV, DEMO_FEED_ENV, DemoFeedClient } from './demo-feed.js';
import { BambuDriver } from '../drivers/bambu/driver.js';
import type { DriverCounters } from '../metrics/driver-counters.js';

export type VirtualFactory = (config: PrinterConfig, deps: DriverDeps) => PrinterDriver;

export class DemoAwareRegistry extends DriverRegistry {
  private readonly scheduler = new DemoScheduler();
  private virtualFactories: Partial<Record<PrinterConfig['type'], VirtualFactory>> = {};
  /** Set (benchmark): statuses come from a simulator process over this socket instead of in-process generators. */
  private readonly feed: DemoFeedClient | null;

  /** Set (benchmark): virtual Bambu printers live on this broker in the simulator process; the real driver connects. */
  private readonly bambuBroker: { host: string; port: number } | null;

  constructor(
    private readonly reportsPerSecond = 2,
    feedSocket = process.env[DEMO_FEED_ENV],
    bambuBroker = process.env[DEMO_BAMBU_BROKER_ENV],
  ) {
    super();
    this.feed = feedSocket ? new DemoFeedClient(feedSocket) : null;
    const [host, port] = (bambuBroker ?? '').split(':');
    this.bambuBroker = host && Number(port) ? { host, port: Number(port) } : null;
  }

  private driverMetrics: DriverCounters | null = null;

  /** Every driver made from now on gets its per-printer counters sink in DriverDeps.metrics. */
  setDriverMetrics(counters: DriverCounters): void {
    this.driverMetrics = counters;
  }

  setVirtualFactory(type: PrinterConfig['type'], factory: VirtualFactory): void {
    this.virtualFactories[type] = factory;
  }

  override create(config: PrinterConfig, baseDeps: DriverDeps): PrinterDriver {
    const deps: DriverDeps = { ...baseDeps, metrics: baseDeps.metrics ?? this.driverMetrics?.forPrinter(config.id) };
    if (!config.virtual) return super.create(config, deps);
    if (config.type === 'bambu' && this.bambuBroker) {
      const endpoint = this.bambuBroker;
      const virtualConfig = { ...config, accessCode: config.accessCode ?? 'virtual' };
      return new BambuDriver(virtualConfig, deps, { transport: 'tcp', resolveEndpoint: async () => endpoint, clientIdPrefix: 'demo' });
    }
    // Benchmark: a simulator process feeds the statuses, so the engine's CPU is the engine's.
    const real = this.feed ? undefined : this.virtualFactories[config.type];
    if (real) return real(config, deps);
    return new DemoDriver({
      id: config.id,
      kind: config.type,
      seed: seedOf(config.id),
      reportsPerSecond: this.reportsPerSecond,
      scheduler: this.scheduler,
      feed: this.feed ?? undefined,
      metrics: deps.metrics,
    });
  }
}

/** A stable number from the id, so demo-007 behaves the same on every run. */
export function seedOf(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}
