// Port ownership and identity: one owner per port, reconnect backoff, and re-attaching a printer by its USB serial
// number when it comes back on another /dev/tty* (pure logic; the driver feeds it listSerialPorts()).

export interface PortIdentity {
  path: string;
  serialNumber: string | null;
  vendorId: string | null;
  productId: string | null;
}

export interface PortWanted {
  port: string;
  usbSerial: string | null;
  usbVendorId: string | null;
  usbProductId: string | null;
}

const eq = (a: string | null, b: string | null) => a === null || b === null || a.toLowerCase() === b.toLowerCase();

/** Which path to open for this printer now: its USB serial number wins over the configured path. */
export function matchPort(wanted: PortWanted, ports: PortIdentity[]): string | null {
  if (wanted.usbSerial) {
    const hit = ports.find((p) => p.serialNumber === wanted.usbSerial && eq(p.vendorId, wanted.usbVendorId) && eq(p.productId, wanted.usbProductId));
    if (hit) return hit.path;
    // The configured path now belongs to a different device: do not open it.
    const atPath = ports.find((p) => p.path === wanted.port);
    if (atPath && atPath.serialNumber && atPath.serialNumber !== wanted.usbSerial) return null;
  }
  if (ports.some((p) => p.path === wanted.port)) return wanted.port;
  return null;
}

/** Reconnect delay: 1 s, 2 s, 4 s … capped at 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 15)));
}

/** One owner per port path in this process. */
export class PortOwners {
  private readonly owners = new Map<string, string>();
  claim(path: string, owner: string): boolean {
    const cur = this.owners.get(path);
    if (cur && cur !== owner) return false;
    this.owners.set(path, owner);
    return true;
  }
  release(path: string, owner: string): void {
    if (this.owners.get(path) === owner) this.owners.delete(path);
  }
  ownerOf(path: string): string | null {
    return this.owners.get(path) ?? null;
  }
}

export const portOwners = new PortOwners();
