// Driver registry keyed by config `type`: adding a printer family means registering one factory.
import type { PrinterConfig } from '../../shared/contract/printer-config.js';
import { FarmError } from '../../shared/contract/envelope.js';
import type { DriverDeps, DriverFactory, PrinterDriver } from './driver.js';

export class DriverRegistry {
  private readonly factories = new Map<string, DriverFactory>();

  register<T extends PrinterConfig['type']>(type: T, factory: DriverFactory<Extract<PrinterConfig, { type: T }>>): void {
    if (this.factories.has(type)) throw new Error(`driver type '${type}' registered twice`);
    this.factories.set(type, factory as DriverFactory);
  }

  create(config: PrinterConfig, deps: DriverDeps): PrinterDriver {
    const factory = this.factories.get(config.type);
    if (!factory) throw new FarmError('invalid-input', `No driver for printer type '${config.type}'.`);
    return factory(config, deps);
  }

  types(): string[] {
    return [...this.factories.keys()];
  }
}
