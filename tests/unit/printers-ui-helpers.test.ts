// Printers room pure helpers: the exact G-code each control sends, terminal filters, SD listing, form checks, firmware name.
import { describe, expect, it } from 'vitest';
import {
  extrudeGcode,
  fanGcode,
  homeGcode,
  isTemperatureReport,
  jogGcode,
  parseSdList,
  PRESETS,
  temperatureGcode,
} from '../../renderer/src/features/printers/detail/gcode.js';
import { firmwareFromLine, validateBambu } from '../../renderer/src/features/printers/add/validation.js';
import { certificateFingerprint } from '../../renderer/src/features/printers/ConnectionProblem.js';

describe('control G-code', () => {
  it('homes all or named axes', () => {
    expect(homeGcode()).toBe('G28');
    expect(homeGcode(['X', 'Y'])).toBe('G28 X Y');
  });
  it('jogs relatively and returns to absolute positioning, Z slower than XY', () => {
    expect(jogGcode('X', 10)).toBe('G91\nG1 X10 F6000\nG90');
    expect(jogGcode('Z', -0.1)).toBe('G91\nG1 Z-0.1 F600\nG90');
  });
  it('extrudes/retracts in relative E and restores absolute E', () => {
    expect(extrudeGcode(5)).toBe('M83\nG1 E5 F300\nM82');
    expect(extrudeGcode(-2.5)).toBe('M83\nG1 E-2.5 F1800\nM82');
  });
  it('maps fan percent to PWM, 0 % to M107', () => {
    expect(fanGcode(100)).toBe('M106 S255');
    expect(fanGcode(50)).toBe('M106 S128');
    expect(fanGcode(0)).toBe('M107');
  });
  it('sets temperatures without waiting; presets match the UI spec', () => {
    expect(temperatureGcode({ nozzle: 200, bed: 60 })).toBe('M104 S200\nM140 S60');
    expect(temperatureGcode({ bed: 0 })).toBe('M140 S0');
    expect(PRESETS.map((p) => [p.name, p.nozzle, p.bed])).toEqual([['PLA', 200, 60], ['PETG', 240, 80], ['ABS', 250, 100], ['Off', 0, 0]]);
  });
});

describe('terminal', () => {
  it('recognises temperature reports and polls, not other replies', () => {
    for (const t of ['T:210.0 /210.0 B:60.1 /60.0 @:127 B@:0', 'ok T:21.3 /0.0 B:22.0 /0.0 @:0', ' T0:200.0 /200.0 T1:25.0 /0.0 B:60.0 /60.0', 'M105', 'N12 M105*34']) {
      expect(isTemperatureReport(t), t).toBe(true);
    }
    for (const t of ['ok', 'M104 S200', 'FIRMWARE_NAME:Marlin 2.1.2', 'echo:busy: processing', 'X:0.00 Y:0.00 Z:0.00 E:0.00 Count X:0 Y:0 Z:0']) {
      expect(isTemperatureReport(t), t).toBe(false);
    }
  });
  it('reads an SD listing only once it is complete', () => {
    expect(parseSdList(['Begin file list', 'BENCHY~1.GCO 123456'])).toBeNull();
    expect(parseSdList(['ok', 'Begin file list', 'BENCHY~1.GCO 123456', 'CUBE.GCO', 'End file list', 'ok'])).toEqual([
      { name: 'BENCHY~1.GCO', size: 123456 },
      { name: 'CUBE.GCO', size: null },
    ]);
    // Auto-reported temperatures and busy lines interleaved with the listing are not files.
    expect(parseSdList(['Begin file list', 'A.GCO 10', 'T:200.0 /200.0 B:60.0 /60.0 @:0', 'echo:busy: processing', 'B.GCO 20', 'End file list'])).toEqual([
      { name: 'A.GCO', size: 10 },
      { name: 'B.GCO', size: 20 },
    ]);
  });
  it('finds the firmware name in an M115 reply', () => {
    expect(firmwareFromLine('FIRMWARE_NAME:Marlin 2.1.2.1 (Aug  3 2023 10:00:00) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0')).toBe(
      'Marlin 2.1.2.1 (Aug  3 2023 10:00:00)',
    );
    expect(firmwareFromLine('FIRMWARE_NAME:Prusa-Firmware 3.13.2')).toBe('Prusa-Firmware 3.13.2');
    expect(firmwareFromLine('ok')).toBeNull();
  });
});

describe('Bambu add form', () => {
  const good = { name: 'P1S', host: '192.168.1.40', serial: '01P00A123456789', accessCode: '12345678', model: 'P1S', port: '8883' };
  it('accepts a well-formed printer', () => {
    expect(validateBambu(good)).toEqual({});
    expect(validateBambu({ ...good, host: 'p1s.local' })).toEqual({});
  });
  it('names each bad field in words', () => {
    expect(validateBambu({ ...good, host: '192.168.1.300' }).host).toMatch(/IP address/);
    expect(validateBambu({ ...good, host: '192.168.1' }).host).toMatch(/IP address/);
    expect(validateBambu({ ...good, serial: 'abc' }).serial).toMatch(/15 letters and digits/);
    expect(validateBambu({ ...good, accessCode: '123' }).accessCode).toMatch(/8 characters/);
  });
  it('pulls the fingerprint out of the driver’s certificate message', () => {
    const fp = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
    expect(certificateFingerprint(`The printer's certificate could not be verified (self-signed). Certificate SHA-256 ${fp}, subject CN=X.`)).toBe(fp);
    expect(certificateFingerprint('Access code rejected by printer X.')).toBeNull();
  });
});
