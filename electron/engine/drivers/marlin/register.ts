// Wires the Marlin driver into the registry (type 'marlin') and exposes the port list for the "add printer" form.
import type { DriverRegistry } from '../registry.js';
import type { PortIdentity } from './ports.js';
import { MarlinDriver, type MarlinDriverOptions } from './driver.js';

export function registerMarlinDriver(registry: DriverRegistry, opts: MarlinDriverOptions = {}): void {
  registry.register('marlin', (config, deps) => new MarlinDriver(config, deps, opts));
}

export interface MarlinPortInfo extends PortIdentity {
  manufacturer: string | null;
}

/** Serial ports with their USB identity (vendor/product/serial), so a printer is recognised on another path. */
export async function listMarlinPorts(): Promise<MarlinPortInfo[]> {
  const { listSerialPorts } = await import('../../../../native/serial.js');
  return (await listSerialPorts()).map((p) => ({ path: p.path, serialNumber: p.serialNumber, vendorId: p.vendorId, productId: p.productId, manufacturer: p.manufacturer }));
}

export { MarlinDriver };
