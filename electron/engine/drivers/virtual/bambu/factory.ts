// Driver factory for virtual Bambu configs (demo mode): the REAL BambuDriver against a virtual printer on a shared aedes.
import type { BambuPrinterConfig, PrinterConfig } from '../../../../shared/contract/printer-config.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../../brokers/aedes-broker.js';
import { BambuDriver } from '../../bambu/driver.js';
import type { DriverDeps, PrinterDriver } from '../../driver.js';
import { aedesLink } from './links.js';
import { VirtualBambuPrinter } from './virtual-printer.js';

export interface VirtualBambuFactoryOptions {
  reportsPerSecond?: number;
  /** Simulated seconds per real second, so demo jobs move while someone watches. */
  timeScale?: number;
}

export interface VirtualBambuFactory {
  /** Plug into DemoAwareRegistry.setVirtualFactory('bambu', …). */
  create(config: PrinterConfig, deps: DriverDeps): PrinterDriver;
  /** The simulated printer behind a serial (fault injection from tests or a demo panel). */
  printer(serial: string): Promise<VirtualBambuPrinter> | undefined;
  close(): Promise<void>;
}

/**
 * One in-process broker (plain TCP on loopback) for all virtual Bambu printers; each printer starts on first
 * connect. The driver is the production one, so demo mode exercises the real merge/normalize/ack paths.
 */
export function createVirtualBambuFactory(options: VirtualBambuFactoryOptions = {}): VirtualBambuFactory {
  let broker: Promise<EmbeddedBroker> | null = null;
  const printers = new Map<string, Promise<VirtualBambuPrinter>>();
  const rate = options.reportsPerSecond ?? 2;

  const ensure = async (config: BambuPrinterConfig) => {
    broker ??= startEmbeddedBroker({});
    const b = await broker;
    if (!printers.has(config.serial)) {
      printers.set(
        config.serial,
        VirtualBambuPrinter.start({
          serial: config.serial,
          link: aedesLink(b.aedes),
          reportIntervalMs: Math.round(1000 / rate),
          phaseMs: Math.round(((printers.size * 0.618034) % 1) * (1000 / rate)), // no farm-wide reporting bursts
          timeScale: options.timeScale ?? 10,
          noise: true,
          loopJobs: true,
          job: { totalLayers: 150, durationSeconds: 2400 },
          model: (['P1S', 'P1P', 'A1', 'X1C'] as const).find((m) => m === config.model),
        }),
      );
    }
    await printers.get(config.serial);
    return { host: b.host, port: b.port! };
  };

  return {
    create(config, deps) {
      if (config.type !== 'bambu') throw new Error('createVirtualBambuFactory only makes bambu drivers');
      const virtualConfig: BambuPrinterConfig = { ...config, virtual: true, accessCode: config.accessCode ?? 'virtual' };
      return new BambuDriver(virtualConfig, deps, { transport: 'tcp', resolveEndpoint: () => ensure(virtualConfig), clientIdPrefix: 'demo' });
    },
    printer: (serial) => printers.get(serial),
    async close() {
      await Promise.all([...printers.values()].map(async (p) => (await p).close()));
      printers.clear();
      if (broker) await (await broker).close();
      broker = null;
    },
  };
}
