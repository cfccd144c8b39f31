// Handlers of the `printers` contract group.
import type { printers } from '../../shared/contract/printers.js';
import type { Handlers } from '../handlers.js';
import type { PrinterService } from './printer-service.js';
import { FarmError } from '../../shared/contract/envelope.js';
import { portsWithOwners, type ListSerialPorts } from './ports.js';
import { resumerFor } from './resumable.js';
import { sdCardOf } from './sd-card.js';

export interface PrintersHandlerDeps {
  /** native/serial.ts listSerialPorts in the app; absent where no serial stack exists (an empty list then). */
  listPorts?: ListSerialPorts;
}

export function printersHandlers(service: PrinterService, deps: PrintersHandlerDeps = {}): Handlers<typeof printers> {
  return {
    list: () => service.list(),
    get: ({ id }) => service.get(id),
    add: (input) => service.add(input),
    remove: async ({ id }) => (await service.remove(id), null),
    removeVirtual: async () => ({ removed: await service.removeVirtual() }),
    connect: async ({ id }) => (await service.connect(id), null),
    disconnect: async ({ id }) => (await service.disconnect(id), null),
    gcode: async ({ id, gcode }) => (await service.driver(id).sendGcode(gcode), null),
    pause: async ({ id }) => (await service.driver(id).pause(), null),
    resume: async ({ id }) => (await service.driver(id).resume(), null),
    cancel: async ({ id }) => (await service.driver(id).cancel(), null),
    emergencyStop: async ({ id }) => (await service.driver(id).emergencyStop(), null),
    emergencyStopAll: () => service.emergencyStopAll(),
    terminal: ({ id, limit }) => service.terminal(id, limit),
    ports: async () => portsWithOwners(deps.listPorts ? await deps.listPorts() : [], service.list().map((p) => service.settings(p.id))),
    settings: ({ id }) => service.settings(id),
    update: ({ id, patch }) => service.update(id, patch),
    sdFiles: ({ id }) => {
      const sd = sdCardOf(service.driver(id));
      if (!sd) throw new FarmError('unavailable', 'This printer has no SD card access.');
      return sd.listSdFiles();
    },
    printSdFile: async ({ id, name }) => {
      const sd = sdCardOf(service.driver(id));
      if (!sd) throw new FarmError('unavailable', 'This printer has no SD card access.');
      await sd.printSdFile(name);
      return null;
    },
    resumeInterrupted: async ({ id, from }) => {
      const resume = resumerFor(service.driver(id));
      if (!resume) throw new FarmError('unavailable', 'This printer’s driver cannot resume an interrupted job; start the job again from Jobs.');
      await resume(from);
      return null;
    },
    trustCertificate: ({ id, fingerprint }) => service.trustCertificate(id, fingerprint),
  };
}
