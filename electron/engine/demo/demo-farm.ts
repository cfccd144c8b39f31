// Demo mode: keep exactly N virtual printers (a mix of Marlin and Bambu, ids demo-001…) in the farm.
import type { NewPrinter, PrinterSummary } from '../../shared/contract/printers.js';

export interface DemoPrinterService {
  list(): PrinterSummary[];
  add(input: NewPrinter): Promise<PrinterSummary>;
  remove(id: string): Promise<void>;
}

const MARLIN_MODELS = ['Prusa MK3S', 'Ender-3 V2', 'Voron 2.4', 'Prusa MK4'];
const BAMBU_MODELS = ['P1S', 'X1C', 'A1', 'P1P'];

/** Makers' published build volumes (mm), so the Files room's fit check has something to check against. */
const BUILD_VOLUMES: Record<string, { x: number; y: number; z: number }> = {
  'Prusa MK3S': { x: 250, y: 210, z: 210 },
  'Ender-3 V2': { x: 220, y: 220, z: 250 },
  'Voron 2.4': { x: 350, y: 350, z: 340 },
  'Prusa MK4': { x: 250, y: 210, z: 220 },
  P1S: { x: 256, y: 256, z: 256 },
  X1C: { x: 256, y: 256, z: 256 },
  A1: { x: 256, y: 256, z: 256 },
  P1P: { x: 256, y: 256, z: 256 },
};

export function demoId(n: number): string {
  return `demo-${String(n).padStart(3, '0')}`;
}

/** The config of demo printer n (1-based): every third one is a Bambu. */
export function demoPrinterConfig(n: number): NewPrinter {
  const id = demoId(n);
  if (n % 3 === 0) {
    const model = BAMBU_MODELS[n % BAMBU_MODELS.length];
    return { id, type: 'bambu', name: `${model} #${n}`, virtual: true, host: 'virtual.invalid', serial: `DEMO${String(n).padStart(8, '0')}`, model, tags: ['demo'], buildVolume: BUILD_VOLUMES[model], nozzleDiameter: 0.4 };
  }
  const model = MARLIN_MODELS[n % MARLIN_MODELS.length];
  return { id, type: 'marlin', name: `${model} #${n}`, virtual: true, port: `virtual:${id}`, tags: ['demo', model], buildVolume: BUILD_VOLUMES[model], nozzleDiameter: 0.4 };
}

/** Add the missing demo printers and remove demo printers beyond N. Real printers are never touched. */
export async function ensureDemoPrinters(printers: DemoPrinterService, count: number): Promise<{ added: number; removed: number }> {
  const existing = new Set(printers.list().filter((p) => p.virtual && p.id.startsWith('demo-')).map((p) => p.id));
  let added = 0;
  let removed = 0;
  for (let n = 1; n <= count; n++) {
    if (existing.delete(demoId(n))) continue;
    await printers.add(demoPrinterConfig(n));
    added++;
  }
  for (const id of existing) {
    await printers.remove(id);
    removed++;
  }
  return { added, removed };
}
