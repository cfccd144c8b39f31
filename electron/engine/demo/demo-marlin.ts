// Virtual Marlin printers for demo mode: the Marlin engineer's createDemoMarlin (the real MarlinDriver on a simulated
// board printing the bundled sample from SD forever), adapted so the printers service's connect() starts it.
import type { PrinterConfig } from '../../shared/contract/printer-config.js';
import type { DriverDeps, PrinterDriver } from '../drivers/driver.js';
import { createDemoMarlin } from '../drivers/virtual/marlin/demo.js';

/**
 * A Proxy rather than a wrapper class: everything MarlinDriver offers (SD printing, resume…) stays reachable and
 * `instanceof MarlinDriver` holds; only connect/disconnect are redirected to the demo's start/stop. Methods are bound
 * to the real driver so its private fields work.
 */
export function createDemoMarlinDriver(config: PrinterConfig, deps: DriverDeps): PrinterDriver {
  const demo = createDemoMarlin({ id: config.id, name: config.name, deps });
  const driver = demo.driver as unknown as PrinterDriver;
  return new Proxy(driver, {
    get(target, prop) {
      if (prop === 'connect') return () => demo.start();
      if (prop === 'disconnect') return () => demo.stop();
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
