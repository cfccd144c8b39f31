// Handlers of the `bambu` contract group: Bambu-only controls and the certificate probe for the trust dialog.
import { FarmError } from '../../../shared/contract/envelope.js';
import type { bambu } from '../../../shared/contract/bambu.js';
import type { BambuPrinterConfig, PrinterConfig } from '../../../shared/contract/printer-config.js';
import type { Handlers } from '../../handlers.js';
import type { PrinterDriver } from '../driver.js';
import { BambuDriver } from './driver.js';
import { probeBambuCertificate } from './index.js';

/** The slice of PrinterService these handlers need. */
export interface BambuPrinterLookup {
  driver(id: string): PrinterDriver;
  settings(id: string): PrinterConfig;
}

function bambuDriver(printers: BambuPrinterLookup, id: string): BambuDriver {
  const driver = printers.driver(id);
  if (!(driver instanceof BambuDriver)) throw new FarmError('invalid-input', `Printer '${id}' is not a Bambu printer.`);
  return driver;
}

function bambuConfig(printers: BambuPrinterLookup, id: string): BambuPrinterConfig {
  const config = printers.settings(id);
  if (config.type !== 'bambu') throw new FarmError('invalid-input', `Printer '${id}' is not a Bambu printer.`);
  return config;
}

export function bambuHandlers(printers: BambuPrinterLookup): Handlers<typeof bambu> {
  return {
    setSpeedLevel: async ({ id, level }) => (await bambuDriver(printers, id).setSpeedLevel(level), null),
    setLight: async ({ id, node, on }) => (await bambuDriver(printers, id).setLight(node, on), null),
    setAmsFilament: async ({ id, ...setting }) => {
      if (setting.nozzleTempMin > setting.nozzleTempMax) throw new FarmError('invalid-input', 'nozzleTempMin is above nozzleTempMax.');
      await bambuDriver(printers, id).setAmsFilament(setting);
      return null;
    },
    amsControl: async ({ id, action }) => (await bambuDriver(printers, id).amsControl(action), null),
    amsChangeFilament: async ({ id, load }) => (await bambuDriver(printers, id).amsChangeFilament(load ?? 'unload'), null),
    skipObjects: async ({ id, objectIds }) => (await bambuDriver(printers, id).skipObjects(objectIds), null),
    probeCertificate: async ({ id }) => {
      const config = bambuConfig(printers, id);
      if (config.virtual) throw new FarmError('invalid-input', 'Virtual printers have no certificate to trust.');
      return probeBambuCertificate(config);
    },
  };
}
