// Golden tests for the Marlin protocol module: framing and every reply form, line by line from a transcript.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checksum,
  commandCode,
  frameLine,
  isEmergency,
  isLongRunning,
  m110Reset,
  parseFramed,
  parseReply,
  ReplyContext,
  stripLine,
} from '../../electron/engine/drivers/marlin/protocol.js';

const transcript = readFileSync(new URL('../fixtures/marlin/transcript-marlin2.txt', import.meta.url), 'utf8').split('\n');
const line = (prefix: string) => {
  const l = transcript.find((t) => t.startsWith(prefix));
  if (l === undefined) throw new Error(`fixture line ${prefix} missing`);
  return l;
};

describe('framing', () => {
  it('matches the checksums checked against the emulator', () => {
    expect(m110Reset(0)).toBe('N0 M110 N0*125');
    expect(frameLine(1, 'M105')).toBe('N1 M105*38');
    expect(frameLine(-1, 'M110')).toBe('N-1 M110*15');
    expect(checksum('')).toBe(0);
  });
  it('strips comments and whitespace; comment-only lines vanish', () => {
    expect(stripLine('  G1 X1 Y2 ; move\r')).toBe('G1 X1 Y2');
    expect(stripLine('; only a comment')).toBe('');
    expect(stripLine('   ')).toBe('');
    expect(stripLine('G1 X1 (paren) Y2', true)).toBe('G1 X1  Y2');
    expect(stripLine('M117 a*b')).toBe('M117 a');
  });
  it('parses framed lines and rejects bad checksums', () => {
    expect(parseFramed('N1 M105*38')).toEqual({ n: 1, cmd: 'M105', cs: 38, valid: true });
    expect(parseFramed('N1 M105*39')?.valid).toBe(false);
    expect(parseFramed('N1 M105')?.cs).toBeNull();
    expect(parseFramed('M105')).toBeNull();
  });
  it('classifies commands', () => {
    expect(commandCode('G1 X1')).toBe('G1');
    expect(commandCode('m109 S200')).toBe('M109');
    expect(commandCode('G29.1')).toBe('G29.1');
    expect(isLongRunning('G28 X Y')).toBe(true);
    expect(isLongRunning('G1 X1')).toBe(false);
    expect(isEmergency('M112')).toBe(true);
    expect(isEmergency('M410')).toBe(true);
    expect(isEmergency('M104 S0')).toBe(false);
  });
});

describe('replies', () => {
  it('start banner and echo lines', () => {
    expect(parseReply('start')).toEqual({ kind: 'start' });
    expect(parseReply('echo:SD card ok')).toEqual({ kind: 'echo', text: 'SD card ok' });
  });
  it('M115 firmware line split on keys, values with spaces kept', () => {
    const r = parseReply(line('FIRMWARE_NAME'));
    expect(r.kind).toBe('firmware');
    if (r.kind !== 'firmware') return;
    expect(r.fields.FIRMWARE_NAME).toBe('Marlin 2.1.2.4 (Jan  1 2024 12:00:00)');
    expect(r.fields.MACHINE_TYPE).toBe('3D Printer');
    expect(r.fields.EXTRUDER_COUNT).toBe('2');
    expect(r.fields.SOURCE_CODE_URL).toBe('github.com/MarlinFirmware/Marlin');
  });
  it('Cap lines', () => {
    expect(parseReply('Cap:AUTOREPORT_TEMP:1')).toEqual({ kind: 'capability', name: 'AUTOREPORT_TEMP', enabled: true });
    expect(parseReply('Cap:SERIAL_XON_XOFF:0')).toEqual({ kind: 'capability', name: 'SERIAL_XON_XOFF', enabled: false });
  });
  it('plain ok and ADVANCED_OK', () => {
    expect(parseReply('ok')).toMatchObject({ kind: 'ok', n: null, plannerFree: null, bufferFree: null });
    expect(parseReply('ok N12 P15 B3')).toMatchObject({ kind: 'ok', n: 12, plannerFree: 15, bufferFree: 3 });
    expect(parseReply('ok 51')).toMatchObject({ kind: 'ok', n: 51 });
  });
  it('ok with temperatures (M105) including power values', () => {
    const r = parseReply('ok T:210.00 /210.00 B:60.00 /60.00 @:127 B@:0');
    expect(r.kind).toBe('ok');
    if (r.kind !== 'ok') return;
    expect(r.temps?.readings).toEqual([
      { sensor: 'T', actual: 210, target: 210 },
      { sensor: 'B', actual: 60, target: 60 },
    ]);
    expect(r.temps?.power).toEqual({ '@': 127, 'B@': 0 });
  });
  it('multi-tool wait line with chamber, per-tool power and W:', () => {
    const r = parseReply(line(' T0:'));
    expect(r.kind).toBe('temperature');
    if (r.kind !== 'temperature') return;
    expect(r.temps.readings.map((x) => x.sensor)).toEqual(['T0', 'T1', 'B', 'C']);
    expect(r.temps.readings[1]).toEqual({ sensor: 'T1', actual: 24.5, target: 0 });
    expect(r.temps.power).toEqual({ '@': 127, 'B@': 0, '@0': 127, '@1': 0 });
    expect(r.temps.wait).toBe('?');
  });
  it('tolerates T:21.30/ 0.00 spacing', () => {
    const r = parseReply('T:21.30/ 0.00 B:21.30 /0.00 @:0 B@:0');
    expect(r).toMatchObject({ kind: 'temperature' });
    if (r.kind === 'temperature') expect(r.temps.readings[0]).toEqual({ sensor: 'T', actual: 21.3, target: 0 });
  });
  it('M114 position takes the first X/Y/Z, not Count', () => {
    expect(parseReply(line('X:10.00'))).toEqual({ kind: 'position', position: { x: 10, y: 5, z: 0.2, e: 1.23 } });
    const ok = parseReply(line('ok X:1.00'));
    expect(ok).toMatchObject({ kind: 'ok', position: { x: 1, y: 2, z: 3, e: 4 } });
  });
  it('resend spellings', () => {
    for (const l of ['Resend: 42', 'Resend:42', 'rs N42', 'rs 42', 'Resend: N:42']) expect(parseReply(l)).toEqual({ kind: 'resend', line: 42 });
  });
  it('line errors with Last Line', () => {
    expect(parseReply('Error:checksum mismatch, Last Line: 41')).toMatchObject({ kind: 'error', error: 'checksum', lastLine: 41, fatal: false });
    expect(parseReply('Error:Line Number is not Last Line Number+1, Last Line: 41')).toMatchObject({ error: 'line-number', lastLine: 41 });
    expect(parseReply('Error:No Checksum with line number, Last Line: 7')).toMatchObject({ error: 'no-checksum' });
    expect(parseReply('Error:No Line Number with checksum, Last Line: 7')).toMatchObject({ error: 'no-line-number' });
  });
  it('fatal errors', () => {
    expect(parseReply(line('Error:Thermal'))).toMatchObject({ error: 'thermal-runaway', fatal: true });
    expect(parseReply('Error:Printer halted. kill() called!')).toMatchObject({ error: 'kill', fatal: true });
    expect(parseReply(line('Error:MINTEMP'))).toMatchObject({ error: 'mintemp', fatal: true });
    expect(parseReply(line('Error:MAXTEMP'))).toMatchObject({ error: 'maxtemp', fatal: true });
    expect(parseReply(line('Error:Printer stopped'))).toMatchObject({ error: 'stopped', fatal: true });
    expect(parseReply('!! MCU shutdown')).toMatchObject({ kind: 'fatal' });
  });
  it('busy, wait, unknown command', () => {
    expect(parseReply('echo:busy: processing')).toEqual({ kind: 'busy', reason: 'processing' });
    expect(parseReply('echo:busy: paused for user')).toEqual({ kind: 'busy', reason: 'paused for user' });
    expect(parseReply('busy:processing')).toEqual({ kind: 'busy', reason: 'processing' });
    expect(parseReply('wait')).toEqual({ kind: 'wait' });
    expect(parseReply('echo:Unknown command: "G999"')).toMatchObject({ kind: 'error', error: 'unknown-command', fatal: false });
  });
  it('host action commands', () => {
    expect(parseReply('//action:pause')).toEqual({ kind: 'action', action: 'pause', args: '' });
    expect(parseReply('//action:notification Filament runout')).toEqual({ kind: 'action', action: 'notification', args: 'Filament runout' });
    expect(parseReply('// action:prompt_begin Insert filament')).toEqual({ kind: 'action', action: 'prompt_begin', args: 'Insert filament' });
    expect(parseReply('//debug comment')).toEqual({ kind: 'debug', text: 'debug comment' });
  });
  it('SD status and file selection', () => {
    expect(parseReply('SD printing byte 1234/56789')).toEqual({ kind: 'sd-progress', byte: 1234, size: 56789 });
    expect(parseReply('Not SD printing')).toEqual({ kind: 'sd-not-printing' });
    expect(parseReply('File opened: CUBE~1.GCO Size: 12345')).toEqual({ kind: 'sd-file-opened', name: 'CUBE~1.GCO', size: 12345 });
    expect(parseReply('Done printing file')).toEqual({ kind: 'sd-done' });
    expect(parseReply('open failed, File: NOPE.GCO.')).toEqual({ kind: 'sd-open-failed', name: 'NOPE.GCO' });
  });
  it('whole transcript through the context: SD list assembled, kill joined with its cause, nothing unparsed', () => {
    const ctx = new ReplyContext();
    let list: unknown = null;
    const fatals: string[] = [];
    const kinds: string[] = [];
    for (const l of transcript) {
      if (!l) continue;
      const r = ctx.feed(l);
      kinds.push(r.reply.kind);
      if (r.sdList) list = r.sdList;
      if (r.fatal) fatals.push(r.fatal);
    }
    expect(list).toEqual([
      { name: 'CUBE~1.GCO', size: 12345, longName: 'Cube Test.gcode' },
      { name: 'BOX.GCO', size: 999, longName: null },
    ]);
    expect(fatals[1]).toBe('Thermal Runaway, system stopped! Heater_ID: 0 (printer halted)');
    // Only the two SD entries are 'other' (they are list entries); every other line has a structured kind.
    expect(kinds.filter((k) => k === 'other')).toHaveLength(2);
  });
});
