// The library with the real analyzer in its worker pool: results cached by hash, layer geometry for the viewer.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisPool } from '../../electron/engine/files/analyze.js';
import type { FileAnalyzer } from '../../electron/engine/files/library/analysis-runner.js';
import { FIXTURES, makeLibrary, type TestLibrary } from '../support/files-library.js';

const BOX = path.join(FIXTURES, 'v2_ender3_box_028_absE.gcode');

let pool: AnalysisPool;
let t: TestLibrary;
let runs = 0;

beforeAll(async () => {
  pool = new AnalysisPool({ size: 1 });
  const counting: FileAnalyzer = { analyze: (p, o) => (runs++, pool.analyze(p, o)) };
  t = await makeLibrary({ analyzer: counting });
});
afterAll(async () => {
  await t?.close();
  await pool?.close();
});

describe('library + analysis pool', () => {
  it('analyses an import once in a worker, keeps the slicer figures beside ours, and serves layers', async () => {
    const { file } = await t.library.importPath(BOX, { source: 'import' });
    await t.library.whenAnalysed(file.id);
    const detail = t.library.detail(file.id);
    expect(detail.analysis.status).toBe('done');
    const summary = detail.analysis.summary!;
    // MANIFEST.md: PrusaSlicer 2.5.0, 18m 4s, 706.54 mm, 54 layers.
    expect(summary.slicer.slicer).toBe('prusaslicer');
    expect(summary.slicer.estimatedSeconds).toBe(18 * 60 + 4);
    expect(summary.own.layerCount).toBe(54);
    expect(detail.layerZ).toHaveLength(54);
    expect(Math.abs(summary.own.filamentMm[0] - 706.54) / 706.54).toBeLessThan(0.01);

    const layer = await t.library.layer(file.id, 1, false);
    expect(layer.index).toBe(1);
    expect(layer.paths.some((p) => p.kind === 'extrude' && p.points.length >= 4)).toBe(true);
    expect(layer.paths.every((p) => p.kind === 'extrude')).toBe(true);
    const withTravel = await t.library.layer(file.id, 1, true);
    expect(withTravel.paths.some((p) => p.kind === 'travel')).toBe(true);

    // Hash hit: a second import under another name reuses the cached result.
    const copy = await t.library.importPath(BOX, { source: 'import', folder: 'again' });
    await t.library.whenAnalysed(copy.file.id);
    expect(copy.duplicate).toBe(true);
    expect(runs).toBe(1);
  });

  it('serves the embedded thumbnails (largest, or the largest under a width)', async () => {
    const { file } = await t.library.importPath(path.join(FIXTURES, 'box_with_thumbnails.gcode'), { source: 'import' });
    await t.library.whenAnalysed(file.id);
    expect(t.library.get(file.id).analysis.summary?.thumbnails.map((th) => `${th.width}x${th.height}`)).toEqual(['16x16', '220x124']);
    const big = t.library.thumbnail(file.id)!;
    expect(big).toMatchObject({ width: 220, height: 124, format: 'png' });
    expect(Buffer.from(big.base64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(t.library.thumbnail(file.id, 100)).toMatchObject({ width: 16, height: 16 });
  });

  it('analyses a .gcode.3mf package through its first plate and keeps the package intact', async () => {
    const pkg = path.join(FIXTURES, 'two-plates.gcode.3mf');
    const { file } = await t.library.importPath(pkg, { source: 'import' });
    expect(file.kind).toBe('3mf');
    await t.library.whenAnalysed(file.id);
    const state = t.library.analysisState(file.id);
    expect(state.error).toBeNull();
    expect(state.status).toBe('done');
    // Bambu's slice_info: plate 1 predicted 1834 s; the header says 20 layers.
    expect(state.summary?.slicer.estimatedSeconds).toBe(1834);
    expect(state.summary?.own.warnings.some((w) => w.includes('2 plates'))).toBe(true);
    const stored = fs.readFileSync(t.library.blobPath(file.sha256));
    expect(stored.equals(fs.readFileSync(pkg))).toBe(true);
    const layer = await t.library.layer(file.id, 0, true);
    expect(layer.index).toBe(0);
    // Deleting the package removes the extracted plate G-code too.
    await t.library.delete(file.id);
    expect(fs.readdirSync(path.join(t.dir, 'files', '.derived'))).toEqual([]);
  });

  it('records a file the analyzer refuses (binary bytes) as failed with its reason', async () => {
    const { Readable } = await import('node:stream');
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) & 0xff;
    const { file } = await t.library.importStream(Readable.from([bytes]), { name: 'garbage.gcode', source: 'upload' });
    await t.library.whenAnalysed(file.id);
    const state = t.library.analysisState(file.id);
    expect(state.status).toBe('failed');
    expect(state.error).toBeTruthy();
  });
});
