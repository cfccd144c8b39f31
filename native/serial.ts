// The only module that imports serialport: open a port as a ByteTransport, and list ports with their USB identity.
import { SerialPort } from 'serialport';
import type { ByteTransport } from '../electron/engine/drivers/marlin/transport.js';

export interface SerialPortInfo {
  path: string;
  manufacturer: string | null;
  serialNumber: string | null;
  vendorId: string | null;
  productId: string | null;
  pnpId: string | null;
}

export async function listSerialPorts(): Promise<SerialPortInfo[]> {
  const ports = await SerialPort.list();
  return ports.map((p) => ({
    path: p.path,
    manufacturer: p.manufacturer ?? null,
    serialNumber: p.serialNumber ?? null,
    vendorId: p.vendorId ? p.vendorId.toLowerCase() : null,
    productId: p.productId ? p.productId.toLowerCase() : null,
    pnpId: p.pnpId ?? null,
  }));
}

/** Open `path` at `baud`. Rejects with the OS error message when the port cannot be opened. */
export function openSerialPort(path: string, baud: number): Promise<ByteTransport & { baud: number }> {
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate: baud, autoOpen: false, hupcl: false });
    port.open((err) => {
      if (err) return reject(err);
      const closeListeners = new Set<(reason: string) => void>();
      let closed = false;
      const fireClose = (reason: string) => {
        if (closed) return;
        closed = true;
        for (const l of closeListeners) l(reason);
      };
      port.on('close', (e: unknown) => fireClose(e instanceof Error ? e.message : 'closed'));
      port.on('error', (e: Error) => fireClose(e.message));
      resolve({
        baud,
        write(data: string) {
          if (!closed) port.write(Buffer.from(data, 'latin1'));
        },
        onData(cb) {
          const h = (buf: Buffer) => cb(buf.toString('latin1'));
          port.on('data', h);
          return () => port.off('data', h);
        },
        onClose(cb) {
          closeListeners.add(cb);
          return () => closeListeners.delete(cb);
        },
        close() {
          return new Promise<void>((res) => {
            if (!port.isOpen) {
              fireClose('closed');
              return res();
            }
            port.close(() => {
              fireClose('closed');
              res();
            });
          });
        },
        pulseDtr() {
          // AVR boards reset on the DTR edge; native-USB boards ignore it.
          return new Promise<void>((res) => {
            port.set({ dtr: false }, () => setTimeout(() => port.set({ dtr: true }, () => res()), 100));
          });
        },
        get isOpen() {
          return !closed && port.isOpen;
        },
      });
    });
  });
}
