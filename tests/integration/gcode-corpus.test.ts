// Every file of the shared corpus (../shared/gcode, MANIFEST.md): our planner's estimate against the slicer's own
// (±5 %, aim ±3 %), filament within 1 %, exact layer count, thumbnails, labels, layer slices; and the worker pool.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalysisPool, analyzeGcodeFile, readLayer } from '../../electron/engine/files/analyze.js';
import { GcodeAnalysis } from '../../electron/shared/contract/gcode-analysis.js';
import { pngSize } from '../../electron/engine/files/analysis/png.js';
import { CORPUS_DIR, gcodeTempDir } from '../support/gcode-temp.js';
import { pathToFileURL } from 'node:url';
import { analyze as analyzeCommand } from '../../electron/cli/commands/analyze.js';

/** The slicer's figures, copied from MANIFEST.md (not read back through our own parser). */
const CORPUS: { file: string; seconds: number; filamentMm: number[]; layers: number; extra?: (r: GcodeAnalysis) => void }[] = [
  { file: 'v1_mk3s_bunny_pla_020.gcode', seconds: 3600 + 39 * 60 + 50, filamentMm: [4781.73], layers: 268 },
  { file: 'v2_ender3_box_028_absE.gcode', seconds: 18 * 60 + 4, filamentMm: [706.54], layers: 54 },
  { file: 'v3_voron_marlin2_multi_labels.gcode', seconds: 3600 + 13, filamentMm: [7170.59], layers: 155 },
  { file: 'v4_mk3s_vase_cylinder.gcode', seconds: 3600 + 31 * 60 + 21, filamentMm: [3616.45], layers: 312 },
  { file: 'v5_mk3s_dense_ribbed_015.gcode', seconds: 3600 + 16 * 60 + 52, filamentMm: [4211.23], layers: 100 },
  { file: 'v6_rrf_screw_fwretract.gcode', seconds: 3600 + 6 * 60 + 29, filamentMm: [1704.69], layers: 346 },
  { file: 'v7_mk3s_mmu2s_2color_torus.gcode', seconds: 3600 + 37 * 60 + 43, filamentMm: [2083.6, 2217.32], layers: 42 },
  // Cura: ;LAYER_COUNT:233 but only ;LAYER:0…231 exist (the top layer Cura counts is empty): we count 232 printed layers.
  { file: 'v8_cura_ender3_sphere.gcode', seconds: 5730, filamentMm: [6003.58], layers: 232 },
  { file: 'v9_ender3_box_024_long_marlinlegacy.gcode', seconds: 10 * 3600 + 28 * 60 + 33, filamentMm: [56624.8], layers: 334 },
];

const haveCorpus = existsSync(join(CORPUS_DIR, 'MANIFEST.md'));
const results = new Map<string, GcodeAnalysis>();

async function result(file: string): Promise<GcodeAnalysis> {
  let r = results.get(file);
  if (!r) {
    r = await analyzeGcodeFile(join(CORPUS_DIR, file));
    results.set(file, r);
  }
  return r;
}

// Outside CI a checkout without ../shared skips these; in CI the corpus must be there, so a missing copy fails loudly.
it.runIf(Boolean(process.env.CI))('finds the shared corpus beside the repository', () => {
  expect(haveCorpus, `no corpus at ${CORPUS_DIR}`).toBe(true);
});

describe.skipIf(!haveCorpus)('corpus', () => {
  for (const c of CORPUS) {
    it(`${c.file}: time ±5 %, filament ±1 %, layers exact`, async () => {
      const r = await result(c.file);
      expect(GcodeAnalysis.safeParse(r).error).toBeUndefined(); // what the doors validate
      const a = r.analysis;
      const error = a.estimatedSeconds / c.seconds - 1;
      expect(Math.abs(error), `estimate ${a.estimatedSeconds}s vs slicer ${c.seconds}s (${(error * 100).toFixed(2)} %)`).toBeLessThan(0.05);
      expect(r.slicer.estimatedSeconds).toBe(c.seconds);
      expect(a.filamentMm).toHaveLength(c.filamentMm.length);
      c.filamentMm.forEach((mm, i) => expect(Math.abs(a.filamentMm[i] / mm - 1), `T${i} ${a.filamentMm[i]} vs ${mm}`).toBeLessThan(0.01));
      expect(a.layerCount).toBe(c.layers);
      expect(a.layers).toHaveLength(c.layers);
      expect(a.truncated).toBe(false);
      // Layer index is ordered and covers the printed part of the file.
      for (let i = 1; i < a.layers.length; i++) {
        expect(a.layers[i].byteStart).toBe(a.layers[i - 1].byteEnd);
        expect(a.layers[i].startSeconds).toBeGreaterThanOrEqual(a.layers[i - 1].startSeconds);
      }
    });
  }

  it('aims for ±3 % on every file (median well under 1 %)', async () => {
    const errors = await Promise.all(CORPUS.map(async (c) => Math.abs((await result(c.file)).analysis.estimatedSeconds / c.seconds - 1)));
    expect(Math.max(...errors)).toBeLessThan(0.03);
    expect([...errors].sort((a, b) => a - b)[Math.floor(errors.length / 2)]).toBeLessThan(0.01);
  });

  it('slicer metadata: PrusaSlicer footer, Cura header, RRF flavour, MMU lists', async () => {
    const v1 = (await result('v1_mk3s_bunny_pla_020.gcode')).slicer;
    expect(v1).toMatchObject({ slicer: 'prusaslicer', slicerVersion: '2.5.0', flavor: 'marlin2', estimatedSecondsSilent: 6003, printerModel: 'MK3S', layerHeight: 0.2 });
    expect(v1.filamentG).toEqual([14.26]);
    expect(v1.filamentCost).toEqual([0.52]);
    expect(v1.filamentType).toEqual(['PLA']);
    expect(v1.nozzleDiameter).toEqual([0.4]);
    expect(v1.bedTemperature).toBe(60);
    expect(v1.nozzleTemperature).toEqual([215]);
    const v6 = await result('v6_rrf_screw_fwretract.gcode');
    expect(v6.slicer.flavor).toBe('reprapfirmware');
    expect(v6.analysis.limits.maxFeedrate[0]).toBe(200); // M203 X12000 mm/min
    expect(v6.analysis.limits.jerk[0]).toBe(8); // M566 X480 mm/min
    // ~1285 G10/G11 pairs with M207 S0.8 F2100: timed apart from the print time (PrusaSlicer leaves them out too).
    expect(v6.analysis.firmwareRetractSeconds).toBeGreaterThan(1285 * 2 * (0.8 / 35));
    expect(v6.analysis.firmwareRetractSeconds).toBeLessThan(1285 * 2 * 0.2);
    const v7 = await result('v7_mk3s_mmu2s_2color_torus.gcode');
    expect(v7.slicer.filamentG).toEqual([6.21, 6.61]);
    expect(v7.analysis.tools).toEqual([0, 1]);
    // 22 "T0" + 21 "T1" lines; the first two select the already-active T0, so 41 real switches.
    expect(v7.analysis.toolChanges).toBe(41);
    const v8 = (await result('v8_cura_ender3_sphere.gcode')).slicer;
    expect(v8).toMatchObject({ slicer: 'cura', slicerVersion: '4.13.0', layerCount: 233, estimatedSeconds: 5730 });
    expect(v8.bbox).toEqual({ min: [94.455, 94.455, 0.2], max: [140.545, 140.545, 46.4] });
    const v8a = (await result('v8_cura_ender3_sphere.gcode')).analysis;
    expect(v8a.printBbox?.max[2]).toBeCloseTo(46.4, 3);
    const v9 = await result('v9_ender3_box_024_long_marlinlegacy.gcode');
    expect(v9.slicer.flavor).toBe('marlin');
    expect(v9.analysis.limits).toMatchObject({ source: 'file', maxAccel: 500, jerk: [10, 10, 0.4, 5] });
  });

  it('Cura: our per-layer durations match Cura\'s own ;TIME_ELAPSED layer by layer', async () => {
    const r = await result('v8_cura_ender3_sphere.gcode');
    const text = readFileSync(join(CORPUS_DIR, 'v8_cura_ender3_sphere.gcode'), 'latin1');
    const elapsed = [...text.matchAll(/;TIME_ELAPSED:([\d.]+)/g)].map((m) => Number(m[1]));
    const layers = r.analysis.layers;
    expect(elapsed).toHaveLength(layers.length);
    const off: number[] = [];
    // Inner layers only: layer 0 carries start-G-code differences, the last one the end G-code.
    for (let i = 1; i < layers.length - 1; i++) {
      const ours = layers[i + 1].startSeconds - layers[i].startSeconds;
      const cura = elapsed[i] - elapsed[i - 1];
      if (Math.abs(ours - cura) > 0.1) off.push(i);
    }
    // The one outlier is Cura's own: at its mid-print "G92 E0" (E was 4157.68) its estimator plans a 4157 mm extruder
    // move at 50 mm/s (+83 s) — the whole of our -1.1 % difference on this file.
    expect(off).toEqual([149]);
  });

  it('PrusaSlicer: our layer start times follow its M73 progress marks through the whole print', async () => {
    for (const file of ['v1_mk3s_bunny_pla_020.gcode', 'v4_mk3s_vase_cylinder.gcode', 'v5_mk3s_dense_ribbed_015.gcode', 'v7_mk3s_mmu2s_2color_torus.gcode']) {
      const r = await result(file);
      const text = readFileSync(join(CORPUS_DIR, file), 'latin1');
      const marks = [...text.matchAll(/^M73 P(\d+) R\d+/gm)].map((m) => [m.index, Number(m[1])] as const);
      expect(marks.length).toBeGreaterThan(100);
      let k = 0;
      for (const layer of r.analysis.layers) {
        while (k + 1 < marks.length && marks[k + 1][0] <= layer.byteStart) k++;
        const oursPct = (layer.startSeconds / r.analysis.estimatedSeconds) * 100;
        // M73 P is a whole percent, emitted at most once per percent: ±1 % is its resolution.
        expect(Math.abs(oursPct - marks[k][1]), `${file} layer at byte ${layer.byteStart}`).toBeLessThan(1.5);
      }
    }
  });

  it('max Z of extrusion matches the manifest', async () => {
    const maxZ: Record<string, number> = { 'v1_mk3s_bunny_pla_020.gcode': 53.6, 'v3_voron_marlin2_multi_labels.gcode': 31.0, 'v7_mk3s_mmu2s_2color_torus.gcode': 8.6, 'v9_ender3_box_024_long_marlinlegacy.gcode': 80.12 };
    for (const [file, z] of Object.entries(maxZ)) expect((await result(file)).analysis.bbox?.max[2]).toBeCloseTo(z, 3);
  });

  it('decodes the injected PNG thumbnails (16x16 and 220x124)', async () => {
    const thumbs = (await result('v1_mk3s_bunny_pla_020.gcode')).slicer.thumbnails;
    expect(thumbs.map((t) => `${t.width}x${t.height}`)).toEqual(['16x16', '220x124']);
    for (const t of thumbs) expect(pngSize(Buffer.from(t.base64, 'base64'))).toEqual({ width: t.width, height: t.height });
  });

  it('reads the 5 object labels of the Voron file', async () => {
    const objects = (await result('v3_voron_marlin2_multi_labels.gcode')).slicer.objects;
    expect(objects.map((o) => o.name).sort()).toEqual(['PETG_recycling_symbol.stl', 'cone.stl', 'cylinder.stl', 'pyramid.stl', 'sphere.stl']);
    expect(new Set(objects.map((o) => o.id)).size).toBe(5);
  });

  it('readLayer decodes one layer from its byte range: extrusion inside the bbox at the right Z', async () => {
    for (const file of ['v1_mk3s_bunny_pla_020.gcode', 'v4_mk3s_vase_cylinder.gcode', 'v7_mk3s_mmu2s_2color_torus.gcode', 'v8_cura_ender3_sphere.gcode']) {
      const r = await result(file);
      const { layers, printBbox } = r.analysis;
      for (const index of [0, Math.floor(layers.length / 2), layers.length - 1]) {
        const g = await readLayer(join(CORPUS_DIR, file), layers, index);
        expect(g.z).toBe(layers[index].z);
        const extrude = g.paths.filter((p) => p.kind === 'extrude');
        expect(extrude.length).toBeGreaterThan(0);
        for (const p of extrude) {
          for (let k = 0; k < p.points.length; k += 2) {
            expect(p.points[k]).toBeGreaterThanOrEqual(printBbox!.min[0] - 0.01);
            expect(p.points[k]).toBeLessThanOrEqual(printBbox!.max[0] + 0.01);
          }
        }
        const noTravel = await readLayer(join(CORPUS_DIR, file), layers, index, { includeTravel: false });
        expect(noTravel.paths.every((p) => p.kind === 'extrude')).toBe(true);
      }
    }
    const v7 = await result('v7_mk3s_mmu2s_2color_torus.gcode');
    const mid = await readLayer(join(CORPUS_DIR, 'v7_mk3s_mmu2s_2color_torus.gcode'), v7.analysis.layers, 21);
    expect(new Set(mid.paths.filter((p) => p.kind === 'extrude').map((p) => p.tool))).toEqual(new Set([0, 1]));
    await expect(readLayer(join(CORPUS_DIR, 'v7_mk3s_mmu2s_2color_torus.gcode'), v7.analysis.layers, 42)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('printfarm analyze --json prints ours beside the slicer figures', async () => {
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (chunks.push(String(chunk)), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = await analyzeCommand.run([join(CORPUS_DIR, 'v2_ender3_box_028_absE.gcode'), join(CORPUS_DIR, 'nope.gcode'), '--json']);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(1);
    const out = JSON.parse(chunks.join(''));
    expect(out[0]).toMatchObject({ ok: true, analysis: { slicer: { estimatedSeconds: 1084 }, analysis: { layerCount: 54 } } });
    expect(out[0].analysis.analysis.layers).toBeUndefined();
    expect(out[1]).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  describe('worker pool', () => {
    const pool = new AnalysisPool({ size: 2 });
    afterAll(() => pool.close());

    it('analyzes on worker threads with progress, same result as in-process', async () => {
      const file = join(CORPUS_DIR, 'v5_mk3s_dense_ribbed_015.gcode');
      const progress: number[] = [];
      const r = await pool.analyze(file, { onProgress: (f) => progress.push(f) });
      expect(progress.length).toBeGreaterThan(2);
      expect(progress[progress.length - 1]).toBe(1);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      const local = await result('v5_mk3s_dense_ribbed_015.gcode');
      expect(r.analysis.estimatedSeconds).toBe(local.analysis.estimatedSeconds);
      expect(r.analysis.layers).toEqual(local.analysis.layers);
    });

    it('runs several files at once and cancels one on abort', async () => {
      const controller = new AbortController();
      const files = CORPUS.slice(0, 4).map((c) => join(CORPUS_DIR, c.file));
      const big = pool.analyze(join(CORPUS_DIR, 'v5_mk3s_dense_ribbed_015.gcode'), {
        signal: controller.signal,
        onProgress: (f) => f > 0.1 && controller.abort(),
      });
      const others = Promise.all(files.map((f) => pool.analyze(f)));
      await expect(big).rejects.toMatchObject({ code: 'timeout' });
      const done = await others;
      expect(done.map((d) => d.analysis.layerCount)).toEqual(CORPUS.slice(0, 4).map((c) => c.layers));
      await expect(pool.analyze(join(CORPUS_DIR, 'missing.gcode'))).rejects.toMatchObject({ code: 'not-found' });
    });

    it('a worker that dies fails its job with a typed error instead of hanging', async () => {
      const tmp = gcodeTempDir();
      try {
        const script = tmp.file('dying-worker.mjs', "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => process.exit(3));\n");
        const dying = new AnalysisPool({ size: 1, workerUrl: pathToFileURL(script) });
        await expect(dying.analyze(join(CORPUS_DIR, 'v2_ender3_box_028_absE.gcode'))).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/exited \(code 3\)/) });
        await dying.close();
      } finally {
        tmp.cleanup();
      }
    });

    it('drops a queued job on abort without running it', async () => {
      const busy = [0, 1].map(() => pool.analyze(join(CORPUS_DIR, 'v3_voron_marlin2_multi_labels.gcode')));
      const controller = new AbortController();
      let progressed = false;
      const queued = pool.analyze(join(CORPUS_DIR, 'v2_ender3_box_028_absE.gcode'), { signal: controller.signal, onProgress: () => (progressed = true) });
      expect(pool.pending).toBe(1);
      controller.abort();
      await expect(queued).rejects.toMatchObject({ code: 'timeout' });
      expect(pool.pending).toBe(0);
      await Promise.all(busy);
      expect(progressed).toBe(false);
    });
  });
});
