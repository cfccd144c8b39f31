// What the analyzer and the layer viewer read for a blob: the blob itself for G-code; for a .gcode.3mf package, the first
// plate's G-code extracted once to <files>/.derived/<sha256>.gcode (the package itself stays intact for Bambu printers).
import fs from 'node:fs/promises';
import path from 'node:path';
import { FarmError } from '../../../shared/contract/envelope.js';
import type { GcodeAnalysis, Thumbnail } from '../../../shared/contract/gcode-analysis.js';
import { readThreeMf, type ThreeMfPlate } from '../threemf.js';
import type { ContentStore } from './content-store.js';

/** A package is read whole into memory by the ZIP reader; beyond this it is refused rather than risking the heap. */
const MAX_PACKAGE_BYTES = 512 * 1024 * 1024;

export interface PackageFacts {
  plateCount: number;
  plate: ThreeMfPlate;
  thumbnailPng: Buffer | null;
}

export class AnalysisSources {
  private readonly derivedDir: string;

  constructor(private readonly store: ContentStore) {
    this.derivedDir = path.join(store.root, '.derived');
  }

  /** The G-code file to read for this blob (exists once `prepare` ran for a package). */
  pathFor(sha256: string, kind: 'gcode' | '3mf'): string {
    return kind === '3mf' ? path.join(this.derivedDir, `${sha256}.gcode`) : this.store.pathOf(sha256);
  }

  /** Extract the plate G-code of a package (idempotent); returns the package facts to merge into the analysis. */
  async prepare(sha256: string, kind: 'gcode' | '3mf'): Promise<PackageFacts | null> {
    if (kind !== '3mf') return null;
    const blobPath = this.store.pathOf(sha256);
    const stat = await fs.stat(blobPath);
    if (stat.size > MAX_PACKAGE_BYTES) throw new FarmError('invalid-input', 'This 3MF package is larger than 512 MiB; it cannot be analysed.');
    const pkg = readThreeMf(await fs.readFile(blobPath));
    const plate = [...pkg.plates].sort((a, b) => a.index - b.index)[0];
    if (!plate) throw new FarmError('invalid-input', 'This 3MF has no sliced plate (no Metadata/plate_N.gcode): slice it and export a .gcode.3mf.');
    const target = this.pathFor(sha256, kind);
    if (!(await exists(target))) {
      const gcode = pkg.read(plate.gcodePath);
      if (!gcode) throw new FarmError('invalid-input', `The 3MF lists ${plate.gcodePath} but it cannot be read.`);
      await fs.mkdir(this.derivedDir, { recursive: true });
      const temp = `${target}.${process.pid}.part`;
      await fs.writeFile(temp, gcode);
      await fs.rename(temp, target);
    }
    return { plateCount: pkg.plates.length, plate, thumbnailPng: pkg.thumbnail(plate.index) };
  }

  async remove(sha256: string): Promise<void> {
    await fs.rm(path.join(this.derivedDir, `${sha256}.gcode`), { force: true });
  }
}

/** Add what the package says (plate thumbnail, Bambu's own prediction and weight) where the G-code header did not. */
export function mergePackageFacts(result: GcodeAnalysis, facts: PackageFacts | null): GcodeAnalysis {
  if (!facts) return result;
  const slicer = { ...result.slicer };
  if (slicer.estimatedSeconds === undefined && facts.plate.predictionSeconds !== null) slicer.estimatedSeconds = facts.plate.predictionSeconds;
  if (slicer.filamentG === undefined && facts.plate.weightGrams !== null) slicer.filamentG = [facts.plate.weightGrams];
  const thumb = facts.thumbnailPng ? pngThumbnail(facts.thumbnailPng) : null;
  if (thumb && slicer.thumbnails.length === 0) slicer.thumbnails = [thumb];
  const warnings = [...result.analysis.warnings];
  if (facts.plateCount > 1) warnings.push(`The package has ${facts.plateCount} plates; plate ${facts.plate.index} was analysed.`);
  return { ...result, slicer, analysis: { ...result.analysis, warnings } };
}

/** A PNG's size from its IHDR chunk; null when the bytes are not a PNG. */
function pngThumbnail(png: Buffer): Thumbnail | null {
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47 || png.toString('latin1', 12, 16) !== 'IHDR') return null;
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  if (width === 0 || height === 0) return null;
  return { width, height, format: 'png', sourceFormat: 'png', base64: png.toString('base64') };
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}
