// The optional driver ability to list and print SD card files (Marlin: M20 / M23 + M24), found by shape.
import type { PrinterDriver } from '../drivers/driver.js';

export interface SdCardFile {
  name: string;
  size: number | null;
  longName: string | null;
}

interface SdCardDriver {
  listSdFiles(): Promise<SdCardFile[]>;
  printSdFile(name: string): Promise<void>;
}

export function sdCardOf(driver: PrinterDriver): SdCardDriver | null {
  const d = driver as PrinterDriver & Partial<SdCardDriver>;
  if (typeof d.listSdFiles !== 'function' || typeof d.printSdFile !== 'function') return null;
  return { listSdFiles: () => d.listSdFiles!(), printSdFile: (name) => d.printSdFile!(name) };
}
