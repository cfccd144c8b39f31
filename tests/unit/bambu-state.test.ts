// Bambu report cache: real fixtures parse to sane PrinterStatus; deltas change only what they name.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PrinterStatus } from '../../electron/shared/contract/printer-status.js';
import { BambuReportCache } from '../../electron/engine/drivers/bambu/state.js';
import { classifyReport, detectModel } from '../../electron/engine/drivers/bambu/report.js';
import { mergeInto } from '../../electron/engine/drivers/bambu/merge.js';
import { describeHms, hmsCodeString, hmsFault, printErrorCodeString } from '../../electron/engine/drivers/bambu/hms.js';
import { fanPercent, normalizeReport } from '../../electron/engine/drivers/bambu/normalize.js';

const dir = join(import.meta.dirname, '../fixtures/bambu');
const load = (name: string) => readFileSync(join(dir, name), 'utf8');
const pushalls = readdirSync(dir).filter((f) => f.endsWith('-pushall.json') || f.endsWith('-pushall-idle.json') || f.endsWith('-with-ams.json'));

function cacheFrom(file: string): BambuReportCache {
  const msg = classifyReport(load(file));
  if (msg.kind !== 'status') throw new Error(`${file} is not a status report`);
  const cache = new BambuReportCache();
  cache.apply(msg.print, msg.full);
  return cache;
}

describe('bambu fixtures → PrinterStatus', () => {
  it('finds all four pushall fixtures', () => {
    expect(pushalls.sort()).toEqual(['a1-pushall-idle.json', 'p1p-no-ams-pushall.json', 'p1p-pushall-with-ams.json', 'x1c-multi-ams-pushall.json']);
  });

  for (const file of pushalls) {
    it(`${file} parses to a schema-valid, sane status`, () => {
      const msg = classifyReport(load(file));
      expect(msg.kind).toBe('status');
      if (msg.kind !== 'status') return;
      expect(msg.full).toBe(true);
      const status = cacheFrom(file).status({ reportedAt: 1 });
      expect(PrinterStatus.safeParse(status).success).toBe(true);
      expect(status.tools).toHaveLength(1);
      expect(status.tools[0]!.actual).toBeGreaterThan(0);
      expect(status.tools[0]!.actual).toBeLessThan(350);
      expect(status.bed!.actual).toBeGreaterThan(0);
      expect(status.speedLevel).toBeGreaterThanOrEqual(1);
      for (const fan of Object.values(status.fans)) if (fan !== null) expect(fan).toBeGreaterThanOrEqual(0);
      for (const unit of status.ams)
        for (const tray of unit.trays) {
          if (tray.color) expect(tray.color).toMatch(/^#[0-9A-F]{8}$/);
          if (tray.remainPercent !== null) expect(tray.remainPercent).toBeGreaterThanOrEqual(0);
        }
    });
  }

  it('X1C: FINISH with 4 AMS units incl. AMS HT, real chamber temperature, trays in colour', () => {
    const status = cacheFrom('x1c-multi-ams-pushall.json').status({ serial: 'MOCK', model: 'X1C' });
    expect(status.state).toBe('finished');
    expect(status.ams.map((u) => u.id)).toEqual([0, 1, 2, 128]);
    const first = status.ams[0]!.trays[0]!;
    expect(first).toMatchObject({ id: 0, material: 'PLA', color: '#000000FF', remainPercent: 93, name: 'PLA Matte' });
    expect(status.ams[0]!.temperature).toBe(26.2);
    expect(status.ams[0]!.humidity).toBe(8); // humidity_raw
    expect(status.ams[0]!.humidityLevel).toBe(5);
    expect(status.chamber).not.toBeNull();
    expect(status.job?.name).toBeTruthy();
  });

  it('P1P with AMS: FAILED, remain -1 → null, chamber placeholder dropped, layers parsed', () => {
    const status = cacheFrom('p1p-pushall-with-ams.json').status({ serial: '01S00C000000000' });
    expect(status.state).toBe('failed');
    expect(status.message).toBeTruthy();
    expect(status.chamber).toBeNull(); // P1 reports a constant 5 °C
    expect(status.ams[0]!.trays.every((t) => t.remainPercent === null)).toBe(true);
    expect(status.ams[0]!.trays[0]!.color).toBe('#D357FEFF');
    expect(status.ams[0]!.trays[0]!.active).toBe(true); // tray_now "0"
    expect(status.job).toMatchObject({ name: 'Fidget Collection', layer: 1, totalLayers: 70, remainingMinutes: 759 });
    expect(status.speedLevel).toBe(2);
    expect(status.speedPercent).toBe(100);
  });

  it('P1P without AMS: FINISH at 100 %, no AMS units', () => {
    const status = cacheFrom('p1p-no-ams-pushall.json').status({});
    expect(status.state).toBe('finished');
    expect(status.ams).toEqual([]);
    expect(status.job?.progress).toBe(100);
  });

  it('A1 idle: no job, AMS lite without temperature sensor', () => {
    const status = cacheFrom('a1-pushall-idle.json').status({ model: 'A1' });
    expect(status.state).toBe('idle');
    expect(status.job).toBeNull();
    expect(status.ams).toHaveLength(1);
    expect(status.ams[0]!.temperature).toBeNull();
  });
});

describe('delta merge', () => {
  const deltas = JSON.parse(load('p1-delta-reports.json')) as { payload: unknown }[];

  it('the delta file on top of a full report changes only the keys it names', () => {
    const cache = cacheFrom('p1p-pushall-with-ams.json');
    const before = cache.snapshot();
    const statusBefore = cache.status({});
    const msg = classifyReport(JSON.stringify(deltas[0]!.payload));
    expect(msg.kind).toBe('status');
    if (msg.kind !== 'status') return;
    expect(msg.full).toBe(false);
    cache.apply(msg.print, msg.full);
    const after = cache.snapshot();
    const named = new Set(Object.keys(msg.print).filter((k) => !['command', 'msg', 'sequence_id'].includes(k)));
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (named.has(key)) expect(after[key]).toEqual(msg.print[key]);
      else expect(after[key]).toEqual(before[key]);
    }
    const statusAfter = cache.status({});
    expect(statusAfter.tools[0]!.actual).toBe(220.125);
    expect(statusAfter.bed!.actual).toBe(54.96875);
    expect({ ...statusAfter, tools: [], bed: null, reportedAt: 0 }).toEqual({ ...statusBefore, tools: [], bed: null, reportedAt: 0 });
  });

  it('the second delta also leaves everything else alone, never zeroing missing keys', () => {
    const cache = cacheFrom('x1c-multi-ams-pushall.json');
    const msg = classifyReport(JSON.stringify(deltas[1]!.payload));
    if (msg.kind !== 'status') throw new Error('expected status');
    const before = cache.status({ model: 'X1C' });
    cache.apply(msg.print, false);
    const after = cache.status({ model: 'X1C' });
    expect(after.bed!.actual).toBe(17.40625);
    expect(after.tools).toEqual(before.tools);
    expect(after.ams).toEqual(before.ams);
    expect(after.job).toEqual(before.job);
  });

  it('string numbers are parsed and fans 0–15 map to percent', () => {
    const status = normalizeReport({ gcode_state: 'RUNNING', nozzle_temper: '215.5', mc_percent: '42', cooling_fan_speed: '15', big_fan1_speed: '7', layer_num: '12', total_layer_num: '100', spd_lvl: '3' });
    expect(status.state).toBe('printing');
    expect(status.tools[0]!.actual).toBe(215.5);
    expect(status.job).toMatchObject({ progress: 42, layer: 12, totalLayers: 100 });
    expect(status.fans.part).toBe(100);
    expect(status.fans.aux).toBe(47);
    expect(status.speedLevel).toBe(3);
    expect(fanPercent('abc')).toBeNull();
  });

  it('AMS units and trays merge by id; a tray remain change touches only that tray', () => {
    const cache = cacheFrom('x1c-multi-ams-pushall.json');
    const before = cache.status({});
    cache.apply({ ams: { ams: [{ id: '1', tray: [{ id: '2', remain: 11 }] }] } }, false);
    const after = cache.status({});
    expect(after.ams[1]!.trays[2]!.remainPercent).toBe(11);
    expect(after.ams[1]!.trays[2]!.material).toBe(before.ams[1]!.trays[2]!.material);
    expect(after.ams[0]).toEqual(before.ams[0]);
    expect(after.ams).toHaveLength(before.ams.length);
  });

  it('wrong-shape deltas are rejected and cannot pollute prototypes', () => {
    const cache = cacheFrom('x1c-multi-ams-pushall.json');
    const rejected = cache.apply(JSON.parse('{"ams":"boom","hms":{"x":1},"__proto__":{"polluted":true},"nozzle_temper":"n/a"}'), false);
    expect(rejected).toEqual(expect.arrayContaining(['ams', 'hms', '__proto__']));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const status = cache.status({});
    expect(status.ams).toHaveLength(4);
    expect(status.tools).toEqual([]); // 'n/a' is not a temperature; shown as unknown rather than 0
    expect(mergeInto({}, { a: { b: 1 } }).rejected).toEqual([]);
  });
});

describe('HMS and model detection', () => {
  it('formats codes, grades severity and words AMS codes with unit and slot', () => {
    expect(hmsCodeString(0x07012300, 0x00020001)).toBe('0701_2300_0002_0001');
    expect(printErrorCodeString(117473286)).toBe('0700_8006');
    expect(hmsFault(0x07012300, 0x00020001)).toEqual({ code: '0701_2300_0002_0001', severity: 'serious', message: 'AMS 2 slot 4 has run out of filament.' });
    expect(hmsFault(0x03000100, 0x00010007).severity).toBe('fatal');
    expect(describeHms('0999_0000_0004_0001')).toContain('0999_0000_0004_0001');
  });

  it('a stale print_error on an idle printer is not shown as a fault', () => {
    expect(normalizeReport({ gcode_state: 'IDLE', print_error: 117473286 }).faults).toEqual([]);
    expect(normalizeReport({ gcode_state: 'FAILED', print_error: 117473286 }).faults[0]!.code).toBe('0700_8006');
    expect(normalizeReport({ gcode_state: 'PAUSE', print_error: 117473286 }).message).toBe('The print stopped with printer error 0700_8006.');
  });

  it('a fatal HMS alarm turns the state into error with words', () => {
    const status = normalizeReport({ gcode_state: 'RUNNING', hms: [{ attr: 0x03000200, code: 0x00010003 }] });
    expect(status.state).toBe('error');
    expect(status.message).toBe('The nozzle is over temperature.');
  });

  it('detects models from get_version and serial', () => {
    for (const [file, model] of [
      ['x1c-multi-ams-get_version.json', 'X1C'],
      ['p1p-get_version.json', 'P1P'],
      ['p1p-no-ams-get_version.json', 'P1P'],
      ['a1-get_version.json', 'A1'],
    ] as const) {
      const msg = classifyReport(load(file));
      expect(msg.kind).toBe('version');
      if (msg.kind === 'version') expect(detectModel(msg.modules, '')).toBe(model);
    }
    expect(detectModel([], '01P00A000000001')).toBe('P1S');
  });
});
