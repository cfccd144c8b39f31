// `printfarm ports`: serial ports with their USB identity, so a printer can be added (and recognised later).
import { parseArgs } from 'node:util';
import { listMarlinPorts } from '../../engine/drivers/marlin/register.js';
import type { CliCommand } from '../command.js';

export const ports: CliCommand = {
  name: 'ports',
  summary: 'List serial ports with USB vendor/product/serial number',
  usage: `Usage: printfarm ports [--json]

  Lists the serial ports the OS reports. A printer is recognised by its USB serial number when it comes
  back on another path.

  --json   Print [{path, manufacturer, vendorId, productId, serialNumber}] on stdout.`,
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } }, strict: true });
    const list = await listMarlinPorts();
    if (values.json) {
      process.stdout.write(JSON.stringify(list) + '\n');
      return 0;
    }
    if (list.length === 0) {
      process.stdout.write('No serial ports found.\n');
      return 0;
    }
    for (const p of list) {
      const usb = p.vendorId ? ` USB ${p.vendorId}:${p.productId ?? '????'}` : '';
      process.stdout.write(`${p.path}${usb}${p.serialNumber ? ` serial ${p.serialNumber}` : ''}${p.manufacturer ? ` (${p.manufacturer})` : ''}\n`);
    }
    return 0;
  },
};
