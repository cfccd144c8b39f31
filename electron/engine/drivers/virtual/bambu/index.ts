// Virtual Bambu printers: one-off (tests) and a cheap demo farm of many printers on one in-process aedes broker.
import type { BambuPrinterConfig } from '../../../../shared/contract/printer-config.js';
import type { EmbeddedBroker } from '../../../brokers/aedes-broker.js';
import { aedesLink } from './links.js';
import { VirtualBambuPrinter } from './virtual-printer.js';

export { BambuSimulation } from './sim.js';
export { aedesLink, mqttClientLink, type BrokerLink } from './links.js';
export { VirtualBambuPrinter, type VirtualBambuOptions } from './virtual-printer.js';
export { startVirtualFtps, type VirtualFtpsServer } from './ftps-server.js';
export { createVirtualBambuFactory, type VirtualBambuFactory } from './factory.js';
export { startStandaloneVirtualBambu, type StandaloneVirtualBambu } from './standalone.js';

export interface DemoBambuOptions {
  /** The in-process broker the printers publish into and the drivers connect to (plain TCP listener). */
  broker: EmbeddedBroker;
  count: number;
  reportsPerSecond?: number;
  accessCode?: string;
  idPrefix?: string;
  /** Simulated seconds per real second, so demo jobs finish and restart while someone watches. */
  timeScale?: number;
}

export interface DemoBambuFarm {
  printers: VirtualBambuPrinter[];
  /** Configs for the drivers (virtual: true, plain MQTT to the local broker — register with virtualTransport 'tcp'). */
  configs: BambuPrinterConfig[];
  close(): Promise<void>;
}

/** Serials shaped like a P1S ('01P…'), unique per index. */
export function demoSerial(index: number): string {
  return `01P09D${String(index).padStart(9, '0')}`;
}

export async function createDemoBambu(options: DemoBambuOptions): Promise<DemoBambuFarm> {
  if (options.broker.port === null) throw new Error('createDemoBambu needs the broker plain TCP listener');
  const rate = options.reportsPerSecond ?? 2;
  const accessCode = options.accessCode ?? '12345678';
  const printers: VirtualBambuPrinter[] = [];
  const configs: BambuPrinterConfig[] = [];
  for (let i = 0; i < options.count; i += 1) {
    const serial = demoSerial(i);
    printers.push(
      await VirtualBambuPrinter.start({
        serial,
        link: aedesLink(options.broker.aedes),
        reportIntervalMs: Math.round(1000 / rate),
        phaseMs: Math.round(((i * 0.618034) % 1) * (1000 / rate)), // golden-ratio spread: no reporting bursts
        timeScale: options.timeScale ?? 10,
        noise: true,
        loopJobs: true,
        job: { totalLayers: 80 + (i % 120), durationSeconds: 1200 + (i % 7) * 300 },
      }),
    );
    configs.push({
      id: `${options.idPrefix ?? 'demo-bambu'}-${i + 1}`,
      name: `Virtual P1S ${i + 1}`,
      type: 'bambu',
      virtual: true,
      tags: ['demo'],
      buildVolume: { x: 256, y: 256, z: 256 },
      nozzleDiameter: 0.4,
      host: options.broker.host,
      port: options.broker.port,
      serial,
      model: 'P1S',
      accessCode,
      trustedCertFingerprint: null,
    });
  }
  return {
    printers,
    configs,
    async close() {
      await Promise.all(printers.map((p) => p.close()));
    },
  };
}
