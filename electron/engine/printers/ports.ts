// Serial ports for the add-printer form, each marked with the printer already using it (by path or USB serial).
import type { PrinterConfig } from '../../shared/contract/printer-config.js';
import type { SerialPortEntry } from '../../shared/contract/printers.js';

/** The shape native/serial.ts listSerialPorts() returns (kept structural so the engine needs no native import here). */
export interface RawSerialPort {
  path: string;
  manufacturer: string | null;
  serialNumber: string | null;
  vendorId: string | null;
  productId: string | null;
}
export type ListSerialPorts = () => Promise<RawSerialPort[]>;

export function portsWithOwners(ports: RawSerialPort[], configs: PrinterConfig[]): SerialPortEntry[] {
  const marlin = configs.filter((c) => c.type === 'marlin');
  return ports
    .map((p) => {
      // A USB serial number wins over the path: the same printer may come back on another /dev/tty*.
      const owner = marlin.find((c) => (p.serialNumber && c.usbSerial === p.serialNumber) || c.port === p.path) ?? null;
      return {
        path: p.path,
        manufacturer: p.manufacturer,
        serialNumber: p.serialNumber,
        vendorId: p.vendorId,
        productId: p.productId,
        printerId: owner?.id ?? null,
      };
    })
    .sort((a, b) => Number(b.vendorId !== null) - Number(a.vendorId !== null) || a.path.localeCompare(b.path));
}
