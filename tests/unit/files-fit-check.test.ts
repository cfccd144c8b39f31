// Fit check: a file against a printer's build volume and nozzle, with the reason in words.
import { describe, expect, it } from 'vitest';
import { checkFit, checkFitAll, type FitFile, type FitPrinter } from '../../electron/shared/files/fit-check.js';

const ender: FitPrinter = { id: 'e3', name: 'Ender 3', buildVolume: { x: 220, y: 220, z: 250 }, nozzleDiameter: 0.4 };
const mini: FitPrinter = { id: 'a1m', name: 'A1 mini', buildVolume: { x: 180, y: 180, z: 180 }, nozzleDiameter: 0.4 };
const box: FitFile = { bbox: { min: [60, 60, 0.28], max: [160, 160, 15] }, nozzleDiameter: [0.4] };

describe('checkFit', () => {
  it('fits when inside the volume with the same nozzle', () => {
    expect(checkFit(box, ender)).toEqual({ printerId: 'e3', printerName: 'Ender 3', verdict: 'fits', reasons: [] });
  });

  it('is too big when an extent exceeds the volume, naming the axis', () => {
    const tall: FitFile = { bbox: { min: [10, 10, 0.2], max: [100, 100, 200] } };
    const r = checkFit(tall, mini);
    expect(r.verdict).toBe('too-big');
    expect(r.reasons).toEqual(['Z height 200 mm is more than the 180 mm build volume.']);
    const wide = checkFit({ bbox: { min: [0, 0, 0.2], max: [190, 50, 10] } }, mini);
    expect(wide.reasons[0]).toMatch(/^X extent 190 mm/);
  });

  it('asks to check a file that fits by size but sits outside the bed (other origin)', () => {
    const centred: FitFile = { bbox: { min: [-50, -50, 0.2], max: [50, 50, 10] } };
    const r = checkFit(centred, ender);
    expect(r.verdict).toBe('check');
    expect(r.reasons).toHaveLength(2);
    // A prime line at Y = -3 (Prusa) is within the margin.
    expect(checkFit({ bbox: { min: [0, -3, 0.2], max: [240, 200, 10] } }, { ...ender, buildVolume: { x: 250, y: 210, z: 210 } }).verdict).toBe('fits');
  });

  it('flags a nozzle mismatch and unknowns', () => {
    expect(checkFit({ ...box, nozzleDiameter: [0.6] }, ender)).toMatchObject({ verdict: 'wrong-nozzle', reasons: ['Sliced for a 0.6 mm nozzle; Ender 3 has 0.4 mm.'] });
    expect(checkFit({ bbox: null }, ender).verdict).toBe('unknown');
    expect(checkFit(box, { ...ender, buildVolume: null }).verdict).toBe('unknown');
    expect(checkFit(box, { ...ender, nozzleDiameter: null }).verdict).toBe('fits');
  });

  it('checks every printer', () => {
    expect(checkFitAll(box, [ender, mini]).map((r) => r.verdict)).toEqual(['fits', 'fits']);
  });
});
