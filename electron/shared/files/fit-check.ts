// Does a sliced file fit a printer? Build volume (size and position) and nozzle diameter, with reasons in words.
// Pure: used by the Files room for every printer, and by the job planner later.

export interface FitPrinter {
  id: string;
  name: string;
  buildVolume: { x: number; y: number; z: number } | null;
  nozzleDiameter: number | null;
}

export interface FitFile {
  /** Extent of extruding moves (our analysis), or the slicer's stated box when ours is missing. */
  bbox: { min: [number, number, number]; max: [number, number, number] } | null;
  /** Nozzle diameter(s) the file was sliced for (slicer metadata), index = tool. */
  nozzleDiameter?: number[];
}

export type FitVerdict = 'fits' | 'check' | 'too-big' | 'wrong-nozzle' | 'unknown';

export interface FitResult {
  printerId: string;
  printerName: string;
  verdict: FitVerdict;
  /** One sentence per finding; empty when it simply fits. */
  reasons: string[];
}

/**
 * Prime/purge lines sit a few mm outside the nominal bed (Prusa MK3: Y = -3), and slicers round; this much
 * outside the volume counts as a position warning ("check"), not as "too big".
 */
export const POSITION_MARGIN_MM = 5;
const SIZE_EPSILON_MM = 0.05;
const NOZZLE_EPSILON_MM = 0.011;

export function checkFit(file: FitFile, printer: FitPrinter): FitResult {
  const base = { printerId: printer.id, printerName: printer.name };
  const reasons: string[] = [];
  let verdict: FitVerdict = 'fits';
  const worsen = (next: FitVerdict) => {
    const rank: Record<FitVerdict, number> = { fits: 0, unknown: 1, check: 2, 'wrong-nozzle': 3, 'too-big': 4 };
    if (rank[next] > rank[verdict]) verdict = next;
  };

  const fileNozzle = file.nozzleDiameter?.[0];
  if (fileNozzle !== undefined && printer.nozzleDiameter !== null && Math.abs(fileNozzle - printer.nozzleDiameter) > NOZZLE_EPSILON_MM) {
    reasons.push(`Sliced for a ${fmt(fileNozzle)} mm nozzle; ${printer.name} has ${fmt(printer.nozzleDiameter)} mm.`);
    worsen('wrong-nozzle');
  }

  if (!file.bbox) {
    reasons.push('The file has not been measured yet (analysis pending or failed).');
    worsen('unknown');
    return { ...base, verdict, reasons };
  }
  const volume = printer.buildVolume;
  if (!volume) {
    reasons.push(`${printer.name} has no build volume set in its settings.`);
    worsen('unknown');
    return { ...base, verdict, reasons };
  }

  const { min, max } = file.bbox;
  const size = [max[0] - min[0], max[1] - min[1], max[2]];
  const limits = [volume.x, volume.y, volume.z];
  const axes = ['X', 'Y', 'Z'];
  for (let i = 0; i < 3; i++) {
    if (size[i] > limits[i] + SIZE_EPSILON_MM) {
      reasons.push(`${axes[i]} ${i === 2 ? 'height' : 'extent'} ${fmt(size[i])} mm is more than the ${fmt(limits[i])} mm build volume.`);
      worsen('too-big');
    }
  }
  if ((verdict as FitVerdict) !== 'too-big') {
    for (let i = 0; i < 2; i++) {
      if (min[i] < -POSITION_MARGIN_MM || max[i] > limits[i] + POSITION_MARGIN_MM) {
        reasons.push(
          `${axes[i]} runs from ${fmt(min[i])} to ${fmt(max[i])} mm, outside 0–${fmt(limits[i])} mm: sliced for another bed or origin?`,
        );
        worsen('check');
      }
    }
  }
  return { ...base, verdict, reasons };
}

export function checkFitAll(file: FitFile, printers: readonly FitPrinter[]): FitResult[] {
  return printers.map((p) => checkFit(file, p));
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
}
