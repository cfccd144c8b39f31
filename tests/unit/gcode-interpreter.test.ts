// The analyzer's G-code interpretation on small hand-written files: E modes, G92, firmware retraction, arcs,
// M220, dwells, heat waits, RRF units, tools, layers, labels and slicer metadata.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../support/gcode-temp.js';

const HEAD = 'G90\nG21\n';

describe('E and position modes', () => {
  it('absolute (M82) and relative (M83) E give the same filament; retract/unretract pairs net out', async () => {
    const abs = await analyzeText(`${HEAD}M82\nG92 E0\nG1 Z0.2 F600\nG1 X10 Y0 E1 F1200\nG1 X10 Y10 E2\nG1 E1.2 F2400\nG1 E2\nG1 X0 Y10 E3\n`);
    const rel = await analyzeText(`${HEAD}M83\nG1 Z0.2 F600\nG1 X10 Y0 E1 F1200\nG1 X10 Y10 E1\nG1 E-0.8 F2400\nG1 E0.8\nG1 X0 Y10 E1\n`);
    expect(abs.analysis.filamentMm[0]).toBeCloseTo(3, 6);
    expect(rel.analysis.filamentMm[0]).toBeCloseTo(3, 6);
    expect(abs.analysis.bbox).toEqual({ min: [0, 0, 0.2], max: [10, 10, 0.2] });
  });

  it('G92 E0 resets the absolute extruder position', async () => {
    const r = await analyzeText(`${HEAD}M82\nG1 Z0.2 F600\nG1 X10 E5 F1200\nG92 E0\nG1 X20 E5\n`);
    expect(r.analysis.filamentMm[0]).toBeCloseTo(10, 6);
  });

  it('G91 relative moves, G20 inches, CRLF endings, N line numbers and checksums', async () => {
    const r = await analyzeText('G21\r\nN1 G91*12\r\nN2 G1 X10 E1 F1200*34\r\nG20\r\nG1 Y1 E0.04\r\n');
    expect(r.analysis.bbox?.max[0]).toBeCloseTo(10, 6);
    expect(r.analysis.bbox?.max[1]).toBeCloseTo(25.4, 6);
    expect(r.analysis.filamentMm[0]).toBeCloseTo(1 + 0.04 * 25.4, 2);
  });
});

describe('firmware retraction, arcs, feed override, dwells and heating', () => {
  const body = 'M83\nG1 Z0.2 F600\n' + Array.from({ length: 50 }, (_, i) => `G10\nG1 X${(i % 2) * 50} Y${i} F6000\nG11\nG1 X${((i + 1) % 2) * 50} E2 F1800\n`).join('');

  it('G10/G11 keep filament unchanged; their time (M207 length/speed) is reported apart, as slicers leave it out', async () => {
    const short = await analyzeText(`${HEAD}M207 S0.5 F3000\n${body}`);
    const long = await analyzeText(`${HEAD}M207 S6 F600\n${body}`);
    const none = await analyzeText(`${HEAD}${body.replace(/G1[01]\n/g, '')}`);
    expect(short.analysis.filamentMm[0]).toBeCloseTo(100, 6);
    expect(long.analysis.filamentMm[0]).toBeCloseTo(100, 6);
    expect(short.analysis.estimatedSeconds).toBe(none.analysis.estimatedSeconds);
    expect(none.analysis.firmwareRetractSeconds).toBe(0);
    expect(short.analysis.firmwareRetractSeconds).toBeGreaterThan(0);
    // 50 retractions of 6 mm at F600 (10 mm/s) instead of 0.5 mm at 50 mm/s; recovery at the default speed.
    expect(long.analysis.firmwareRetractSeconds).toBeGreaterThan(short.analysis.firmwareRetractSeconds! + 50 * (6 / 10) * 0.8);
  });

  it('RRF "G10 P0 S210" sets tool temperatures (M116 waits for them) and is not a retraction', async () => {
    const a = await analyzeText(`${HEAD}G10 P0 S210 R180\nM116\nG1 X10 E1 F1200\n`);
    const b = await analyzeText(`${HEAD}G1 X10 E1 F1200\n`);
    expect(a.analysis.estimatedSeconds).toBe(b.analysis.estimatedSeconds);
    expect(a.analysis.firmwareRetractSeconds).toBe(0);
    expect(a.analysis.heatWaits).toBe(1);
    expect(a.analysis.heatUpSeconds).toBeGreaterThan(60);
  });

  it('G2/G3 arcs: centre from I/J, full circles, and radius form', async () => {
    const quarter = await analyzeText(`${HEAD}M83\nG1 X20 Y10 Z0.2 F3000\nG3 X10 Y20 I-10 J0 E1 F1200\n`);
    expect(quarter.analysis.bbox?.min.slice(0, 2)).toEqual([10, 10]);
    expect(quarter.analysis.bbox?.max.slice(0, 2)).toEqual([20, 20]);
    expect(quarter.analysis.filamentMm[0]).toBeCloseTo(1, 6);
    const circle = await analyzeText(`${HEAD}M83\nG1 X20 Y10 Z0.2 F3000\nG2 X20 Y10 I-10 J0 E3 F1200\n`);
    expect(circle.analysis.bbox?.min[0]).toBeCloseTo(0, 1);
    expect(circle.analysis.bbox?.max[1]).toBeCloseTo(20, 1);
    // 2πr = 62.8 mm at 20 mm/s ≈ 3.1 s: the arc is timed along its length, not its (zero) chord.
    expect(circle.analysis.estimatedSeconds).toBeGreaterThan(3);
    const radius = await analyzeText(`${HEAD}M83\nG1 X0 Y0 Z0.2 F3000\nG2 X20 Y0 R10 E1 F1200\n`);
    expect(radius.analysis.bbox?.max[1]).toBeCloseTo(10, 1);
  });

  it('M220 feed override stretches the time; M220 R restores it', async () => {
    const moves = Array.from({ length: 20 }, (_, i) => `G1 X${(i % 2) * 100} Y${i} E1 F3000\n`).join('');
    const normal = await analyzeText(`${HEAD}M83\n${moves}`);
    const half = await analyzeText(`${HEAD}M83\nM220 B\nM220 S50\n${moves}`);
    const restored = await analyzeText(`${HEAD}M83\nM220 B\nM220 S50\nM220 R\n${moves}`);
    expect(half.analysis.estimatedSeconds / normal.analysis.estimatedSeconds).toBeGreaterThan(1.8);
    expect(restored.analysis.estimatedSeconds).toBeCloseTo(normal.analysis.estimatedSeconds, 6);
  });

  it('G4 dwells count in the print time; M109/M190 heat waits are reported separately', async () => {
    const moves = 'G1 X100 E5 F3000\n';
    const plain = await analyzeText(`${HEAD}M83\n${moves}`);
    const dwell = await analyzeText(`${HEAD}M83\n${moves}G4 P2000\nG4 S3\n`);
    expect(dwell.analysis.dwellSeconds).toBe(5);
    expect(dwell.analysis.estimatedSeconds).toBeCloseTo(plain.analysis.estimatedSeconds + 5, 6);
    const heated = await analyzeText(`M140 S60\nM104 S215\nM190 S60\nM109 S215\n${HEAD}M83\n${moves}`);
    expect(heated.analysis.heatWaits).toBe(2);
    expect(heated.analysis.heatUpSeconds).toBeGreaterThan(30);
    expect(heated.analysis.estimatedSeconds).toBeCloseTo(plain.analysis.estimatedSeconds, 6);
    // The nozzle (M104 first) heats while the bed is waited for, so the later M109 is shorter than alone.
    const nozzleOnly = await analyzeText(`M109 S215\n${HEAD}M83\n${moves}`);
    const bedOnly = await analyzeText(`M190 S60\n${HEAD}M83\n${moves}`);
    expect(heated.analysis.heatUpSeconds).toBeLessThan(nozzleOnly.analysis.heatUpSeconds + bedOnly.analysis.heatUpSeconds);
    // A dwell before the first move is warm-up time, not print time.
    const warm = await analyzeText(`G4 S10\n${HEAD}M83\n${moves}`);
    expect(warm.analysis.estimatedSeconds).toBe(plain.analysis.estimatedSeconds);
    expect(warm.analysis.dwellSeconds).toBe(0);
    expect(warm.analysis.heatUpSeconds).toBe(10);
    // Re-waiting at a temperature already reached costs nothing.
    const again = await analyzeText(`M109 S215\nM109 S215\n${HEAD}M83\n${moves}`);
    const once = await analyzeText(`M109 S215\n${HEAD}M83\n${moves}`);
    expect(again.analysis.heatUpSeconds).toBe(once.analysis.heatUpSeconds);
  });
});

describe('machine limits from the file', () => {
  const fast = `${HEAD}M83\n` + Array.from({ length: 10 }, (_, i) => `G1 X${(i % 2) * 200} Y${i} F30000\n`).join('');

  it('Marlin M203 is mm/s; RRF M203 (flavour from the config block) is mm/min', async () => {
    const marlin = await analyzeText(`M203 X600 Y600\n${fast}; gcode_flavor = marlin2\n`);
    const rrf = await analyzeText(`M203 X600 Y600\n${fast}; gcode_flavor = reprapfirmware\n`);
    expect(rrf.slicer.flavor).toBe('reprapfirmware');
    expect(rrf.analysis.limits.maxFeedrate[0]).toBe(10);
    expect(marlin.analysis.limits.maxFeedrate[0]).toBe(600);
    expect(rrf.analysis.estimatedSeconds).toBeGreaterThan(marlin.analysis.estimatedSeconds * 5);
    // No flavour anywhere: X/Y maxima above 2000 can only be mm/min.
    const unknown = await analyzeText(`M203 X12000 Y12000 Z720\n${fast}`);
    expect(unknown.analysis.limits.maxFeedrate.slice(0, 3)).toEqual([200, 200, 12]);
  });

  it('RRF M566 jerk is mm/min; Marlin M205 jerk mm/s; M204 P/T/R and legacy S', async () => {
    const rrf = await analyzeText(`M566 X600 Y900 Z12 E300\n${fast}; gcode_flavor = reprapfirmware\n`);
    expect(rrf.analysis.limits.jerk).toEqual([10, 15, 0.2, 5]);
    const marlin = await analyzeText(`M205 X8 Y9 Z0.4 E4.5\nM201 X1000 Y1000\nM204 P1250 T1500\n${fast}`);
    expect(marlin.analysis.limits.jerk).toEqual([8, 9, 0.4, 4.5]);
    expect(marlin.analysis.limits.source).toBe('file');
    const slow = await analyzeText(`M201 X1000 Y1000\nM204 S100\n${fast}`);
    const quick = await analyzeText(`M201 X1000 Y1000\nM204 S1000\n${fast}`);
    expect(slow.analysis.estimatedSeconds).toBeGreaterThan(quick.analysis.estimatedSeconds);
  });

  it('falls back to the printer profile when the file has no limits, and the file wins over it', async () => {
    const none = await analyzeText(fast);
    expect(none.analysis.limits.source).toBe('default');
    const profiled = await analyzeText(fast, { maxAccel: 3000, travelAccel: 3000, maxAxisAccel: [3000, 3000, 100, 5000], jerk: [20, 20, 0.4, 5] });
    expect(profiled.analysis.limits.source).toBe('profile');
    expect(profiled.analysis.estimatedSeconds).toBeLessThan(none.analysis.estimatedSeconds);
    const fileWins = await analyzeText(`M205 X1 Y1\n${fast}`, { jerk: [20, 20, 0.4, 5] });
    expect(fileWins.analysis.limits.jerk[0]).toBe(1);
  });

  it('Klipper SET_VELOCITY_LIMIT sets acceleration and square-corner cornering', async () => {
    const slow = await analyzeText(`SET_VELOCITY_LIMIT ACCEL=500 SQUARE_CORNER_VELOCITY=2\n${fast}`);
    const quick = await analyzeText(`SET_VELOCITY_LIMIT VELOCITY=500 ACCEL=8000 SQUARE_CORNER_VELOCITY=8\n${fast}`);
    expect(quick.analysis.limits.junctionModel).toBe('junction-deviation');
    expect(quick.analysis.limits.junctionDeviation).toBeCloseTo((64 * (Math.SQRT2 - 1)) / 8000, 9);
    expect(quick.analysis.estimatedSeconds).toBeLessThan(slow.analysis.estimatedSeconds);
    const flavored = await analyzeText(`${fast}; gcode_flavor = klipper\n`);
    expect(flavored.analysis.limits.junctionModel).toBe('junction-deviation');
  });

  it('M205 J alone selects junction deviation', async () => {
    const r = await analyzeText(`M205 J0.02\n${fast}`);
    expect(r.analysis.limits.junctionModel).toBe('junction-deviation');
    expect(r.analysis.limits.junctionDeviation).toBe(0.02);
  });
});

describe('tools, layers, labels', () => {
  it('counts tool changes and filament per extruder', async () => {
    const r = await analyzeText(`${HEAD}M83\nT255\nT1000\nTx\nT0\nG1 X10 E1 F1200\nT1\nG1 X20 E2\nT1\nT0\nG1 X30 E4\n`);
    expect(r.analysis.toolChanges).toBe(2);
    expect(r.analysis.tools).toEqual([0, 1]);
    expect(r.analysis.filamentMm).toEqual([5, 2]);
  });

  it('without slicer markers, layers come from Z changes of extruding moves, with byte offsets', async () => {
    const text = `${HEAD}M83\nG1 Z0.3 F600\nG1 X10 E1 F1200\nG1 Z0.5\nG1 X0 E1\nG1 Z1.0 F600\nG1 X10 F6000\nG1 Z0.7\nG1 X0 E1\n`;
    const r = await analyzeText(text);
    expect(r.analysis.layerSource).toBe('z-changes');
    expect(r.analysis.layers.map((l) => l.z)).toEqual([0.3, 0.5, 0.7]);
    expect(r.analysis.layers.map((l) => l.height)).toEqual([0.3, 0.2, 0.2]);
    expect(text.slice(r.analysis.layers[1].byteStart, r.analysis.layers[1].byteStart + 8)).toBe('G1 Z0.5\n');
    expect(r.analysis.layers[2].byteEnd).toBe(Buffer.byteLength(text));
  });

  it('with markers (;LAYER_CHANGE / ;Z: / ;HEIGHT:), layers are the markers', async () => {
    const text = `${HEAD}M83\n;LAYER_CHANGE\n;Z:0.2\n;HEIGHT:0.2\nG1 Z0.2 F600\nG1 X10 E1 F1200\n;LAYER_CHANGE\n;Z:0.4\n;HEIGHT:0.2\nG1 Z0.4\nG1 X0 E1\n`;
    const r = await analyzeText(text);
    expect(r.analysis.layerSource).toBe('markers');
    expect(r.analysis.layerCount).toBe(2);
    expect(text.slice(r.analysis.layers[1].byteStart).startsWith(';LAYER_CHANGE\n;Z:0.4')).toBe(true);
    expect(r.analysis.layers[1].startSeconds).toBeGreaterThan(0);
  });

  it('PrusaSlicer 2.6+ objects_info outlines attach to the M486 labels', async () => {
    const r = await analyzeText(
      [
        'M486 S0 A"Shape-Box id:0 copy 0"',
        'G1 X10 E1 F1200',
        'M486 S-1',
        '; objects_info = {"objects":[{"name":"Shape-Box id:0 copy 0","polygon":[[110,110],[140,110],[140,140],[110,140]]},{"name":"Other","polygon":[[0,0],[2,0],[2,2]]}]}',
      ].join('\n') + '\n',
    );
    const box = r.slicer.objects.find((o) => o.id === '0');
    expect(box?.polygon).toHaveLength(4);
    expect(box?.center).toEqual([125, 125]);
    expect(r.slicer.objects.find((o) => o.name === 'Other')?.polygon).toHaveLength(3);
  });

  it('reads object labels in all three syntaxes', async () => {
    const r = await analyzeText(
      [
        'EXCLUDE_OBJECT_DEFINE NAME=cube_1 CENTER=100,100 POLYGON=[[90,90],[110,90],[110,110],[90,110]]',
        'M486 T2',
        'M486 S0 A"Benchy hull"',
        'M486 S-1',
        '; printing object sphere.stl id:3 copy 0',
        '; stop printing object sphere.stl id:3 copy 0',
        '; start printing object, unique label id: 117',
        '; stop printing object, unique label id: 117',
        'G1 X10 E1 F1200',
      ].join('\n') + '\n',
    );
    const byId = Object.fromEntries(r.slicer.objects.map((o) => [o.id, o]));
    expect(byId.cube_1.center).toEqual([100, 100]);
    expect(byId.cube_1.polygon).toHaveLength(4);
    expect(byId['0'].name).toBe('Benchy hull');
    expect(byId['3'].name).toBe('sphere.stl');
    expect(byId['117'].name).toBe('Object 117');
  });
});

describe('slicer metadata', () => {
  it('PrusaSlicer footer: times with days, per-extruder lists, temperatures, model', async () => {
    const r = await analyzeText(
      [
        '; generated by PrusaSlicer 2.7.1+win64 on 2024-01-01 at 10:00:00 UTC',
        'G1 X10 E1 F1200',
        '; filament used [mm] = 100.50, 20.25',
        '; filament used [g] = 0.30, 0.06',
        '; filament cost = 0.01, 0.00',
        '; estimated printing time (normal mode) = 1d 2h 3m 4s',
        '; estimated printing time (silent mode) = 1d 2h 10m 0s',
        '; filament_type = PETG;PLA',
        '; nozzle_diameter = 0.6,0.6',
        '; layer_height = 0.3',
        '; bed_temperature = 85,60',
        '; temperature = 240,215',
        '; printer_model = MK4',
        '; gcode_flavor = marlin2',
      ].join('\n') + '\n',
    );
    const s = r.slicer;
    expect(s.slicer).toBe('prusaslicer');
    expect(s.slicerVersion).toBe('2.7.1+win64');
    expect(s.estimatedSeconds).toBe(86400 + 2 * 3600 + 3 * 60 + 4);
    expect(s.estimatedSecondsSilent).toBe(86400 + 2 * 3600 + 600);
    expect(s.filamentMm).toEqual([100.5, 20.25]);
    expect(s.filamentType).toEqual(['PETG', 'PLA']);
    expect(s.nozzleDiameter).toEqual([0.6, 0.6]);
    expect(s.bedTemperature).toBe(85);
    expect(s.nozzleTemperature).toEqual([240, 215]);
    expect(s.printerModel).toBe('MK4');
    expect(s.flavor).toBe('marlin2');
  });

  it('Bambu Studio / Orca header block and Cura header', async () => {
    const bambu = await analyzeText(
      [
        '; HEADER_BLOCK_START',
        '; BambuStudio 01.08.04.51',
        '; model printing time: 2h 6m 24s; total estimated time: 2h 12m 39s',
        '; total layer number: 98',
        '; total filament length [mm] : 4398.60',
        '; total filament weight [g] : 13.33',
        '; HEADER_BLOCK_END',
        '; CHANGE_LAYER',
        '; Z_HEIGHT: 0.2',
        '; LAYER_HEIGHT: 0.2',
        'G1 X10 Y10 Z0.2 E1 F1200',
      ].join('\n') + '\n',
    );
    expect(bambu.slicer.slicer).toBe('bambustudio');
    expect(bambu.slicer.estimatedSeconds).toBe(2 * 3600 + 12 * 60 + 39);
    expect(bambu.slicer.layerCount).toBe(98);
    expect(bambu.slicer.filamentMm).toEqual([4398.6]);
    expect(bambu.analysis.layerCount).toBe(1);
    const cura = await analyzeText(
      ';FLAVOR:Marlin\n;TIME:5730\n;Filament used: 6.00358m\n;Layer height: 0.2\n;MINX:94.455\n;MINY:94.455\n;MINZ:0.2\n;MAXX:140.545\n;MAXY:140.545\n;MAXZ:46.4\n;Generated with Cura_SteamEngine 4.13.0\n;LAYER_COUNT:1\n;LAYER:0\nG1 X10 E1 F1200\n',
    );
    expect(cura.slicer).toMatchObject({ slicer: 'cura', slicerVersion: '4.13.0', estimatedSeconds: 5730, layerCount: 1, layerHeight: 0.2 });
    expect(cura.slicer.filamentMm?.[0]).toBeCloseTo(6003.58, 6);
    expect(cura.slicer.bbox).toEqual({ min: [94.455, 94.455, 0.2], max: [140.545, 140.545, 46.4] });
    expect(cura.analysis.limits.junctionModel).toBe('jerk-xy');
  });
});
