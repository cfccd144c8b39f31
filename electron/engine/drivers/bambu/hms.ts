// Bambu HMS alarms and print_error numbers → code strings, severity and a sentence in words.
import type { PrinterFault } from '../../../shared/contract/printer-status.js';

export type HmsSeverity = PrinterFault['severity'];

/** `attr`/`code` pairs from `print.hms[]` become `AAAA_AAAA_CCCC_CCCC` (the form the Bambu wiki indexes). */
export function hmsCodeString(attr: number, code: number): string {
  const hex4 = (n: number) => (n & 0xffff).toString(16).toUpperCase().padStart(4, '0');
  return `${hex4(attr >>> 16)}_${hex4(attr)}_${hex4(code >>> 16)}_${hex4(code)}`;
}

/** `print_error` 117473286 → `0700_8006`. */
export function printErrorCodeString(value: number): string {
  const hex4 = (n: number) => (n & 0xffff).toString(16).toUpperCase().padStart(4, '0');
  return `${hex4(value >>> 16)}_${hex4(value)}`;
}

/** Severity lives in the high half of `code`: 1 fatal, 2 serious, 3 common, 4 info (pybambu HMS_SEVERITY_LEVELS). */
export function hmsSeverity(code: number): HmsSeverity {
  switch ((code >>> 16) & 0xffff) {
    case 1:
      return 'fatal';
    case 2:
      return 'serious';
    case 4:
      return 'info';
    default:
      return 'common';
  }
}

/**
 * Common HMS codes in our own words (facts from the Bambu wiki / ha-bambulab tables).
 * AMS codes are stored for AMS 1 slot 1 (`0700_2000_…`); {unit}/{slot} are filled in by `describeHms`.
 */
export const HMS_WORDS: Readonly<Record<string, string>> = {
  // Motion controller: heaters, fans, motors
  '0300_0100_0001_0001': 'The heatbed heater may be short-circuited: its temperature reading is abnormal.',
  '0300_0100_0001_0002': 'The heatbed heater may be open-circuited, or its thermal switch has opened.',
  '0300_0100_0001_0003': 'The heatbed is over temperature.',
  '0300_0100_0001_0006': 'The heatbed temperature sensor may be short-circuited.',
  '0300_0100_0001_0007': 'The heatbed temperature sensor may be open-circuited (disconnected).',
  '0300_0200_0001_0001': 'The nozzle heater may be short-circuited: its temperature reading is abnormal.',
  '0300_0200_0001_0002': 'The nozzle heater may be open-circuited.',
  '0300_0200_0001_0003': 'The nozzle is over temperature.',
  '0300_0200_0001_0006': 'The nozzle temperature sensor may be short-circuited.',
  '0300_0200_0001_0007': 'The nozzle temperature sensor may be open-circuited (disconnected).',
  '0300_0300_0001_0001': 'The hotend fan is too slow or has stopped.',
  '0300_0300_0002_0002': 'The hotend fan is running slowly.',
  '0300_0400_0002_0001': 'The part cooling fan is too slow or has stopped.',
  '0300_0600_0001_0001': 'Motor A has an open circuit: a loose connection or a failed motor.',
  '0300_0600_0001_0002': 'Motor A has a short circuit and may have failed.',
  '0300_0D00_0001_0002': 'Heatbed homing failed: there is too much vibration around the printer.',
  '0300_0D00_0001_0003': 'The build plate is not placed properly.',
  '0300_0D00_0001_000B': 'The Z motor seems stuck when moving up.',
  '0300_0D00_0002_0001': 'Heatbed homing was abnormal: something may be stuck on the plate.',
  '0300_1000_0002_0001': 'The X axis resonance frequency is low: a belt may be loose.',
  '0300_1200_0002_0001': 'The front cover of the toolhead has fallen off.',
  '0300_4000_0002_0001': 'Serial data inside the printer is abnormal; the firmware may be faulty.',
  '0300_4100_0001_0001': 'The supply voltage is unstable; power-failure protection was triggered.',
  // Mainboard, storage, network
  '0500_0100_0003_0004': 'The SD card is full.',
  '0500_0100_0003_0005': 'The SD card has an error.',
  '0500_0100_0003_0006': 'The SD card is not formatted.',
  '0500_0200_0002_0001': 'The printer cannot reach the internet.',
  '0500_0300_0001_0001': 'The motion controller module is malfunctioning; restart the printer.',
  '0500_0300_0001_0002': 'The toolhead is malfunctioning; restart the printer.',
  '0500_0300_0001_0003': 'The AMS module is malfunctioning; restart the printer.',
  '0500_0400_0001_0001': 'The print job could not be downloaded.',
  '0500_0400_0001_0003': 'The print file cannot be read; send the job again.',
  '0500_0400_0001_0004': 'The print file is not authorized.',
  '0500_0400_0001_0006': 'The previous print could not be resumed.',
  '0500_0400_0002_0007': 'The bed is hotter than this filament tolerates, which may clog the nozzle.',
  // AMS (unit/slot templated)
  '0700_0100_0001_0001': 'AMS {unit} assist motor slipped: the feed wheel may be worn or the filament too thin.',
  '0700_0100_0002_0002': 'AMS {unit} assist motor is overloaded: the filament may be tangled or stuck.',
  '0700_1000_0001_0001': 'AMS {unit} slot {slot} motor slipped.',
  '0700_1000_0002_0002': 'AMS {unit} slot {slot} motor is overloaded: the filament may be tangled or stuck.',
  '0700_2000_0002_0001': 'AMS {unit} slot {slot} has run out of filament.',
  '0700_2000_0002_0002': 'AMS {unit} slot {slot} is empty.',
  '0700_2000_0002_0003': 'The filament from AMS {unit} slot {slot} may be broken inside the AMS.',
  '0700_2000_0002_0004': 'The filament from AMS {unit} slot {slot} may be broken inside the toolhead.',
  '0700_2000_0003_0001': 'AMS {unit} slot {slot} ran out; purging the old filament, please wait.',
  '0700_2000_0003_0002': 'AMS {unit} slot {slot} ran out; switched to a slot with the same filament.',
  '0700_4000_0002_0003': 'The AMS hub is not communicating: check its cable.',
  '0700_4500_0002_0001': 'The filament cutter sensor is malfunctioning.',
  '0700_4500_0002_0003': 'The filament cutter handle has not released.',
  '0700_6000_0002_0001': 'AMS {unit} slot {slot} is overloaded: the spool may be stuck or tangled.',
  '07FF_2000_0002_0001': 'The external spool has run out of filament.',
  '07FF_2000_0002_0002': 'No filament on the external spool holder.',
  // Camera / lidar (X1)
  '0C00_0100_0001_0001': 'The Micro Lidar camera is offline.',
  '0C00_0100_0001_0004': 'The Micro Lidar lens seems dirty.',
  '0C00_0300_0002_000C': 'The build plate marker was not detected.',
  '0C00_0300_0003_0007': 'Possible first-layer defects were detected.',
  '0C00_0300_0003_0008': 'Possible spaghetti failure was detected.',
};

/** `print_error` values (two groups) in words. Cancel echoes are informational, not failures. */
export const PRINT_ERROR_WORDS: Readonly<Record<string, { message: string; severity: HmsSeverity }>> = {
  '0300_400C': { message: 'The print was cancelled.', severity: 'info' },
  '0500_400E': { message: 'The print was cancelled.', severity: 'info' },
  '0700_8010': { message: 'The AMS assist motor is overloaded: the filament may be tangled or stuck.', severity: 'serious' },
};

/** AMS codes carry the unit in attr's first group (070X) and the slot in the second (xY00). */
function amsTemplate(code: string): { key: string; unit: number; slot: number } | null {
  const m = /^070([0-3])_([0-9A-F])([0-3])([0-9A-F]{2})_(.{9})$/.exec(code);
  if (!m) return null;
  return { key: `0700_${m[2]}0${m[4]}_${m[5]}`, unit: Number(m[1]) + 1, slot: Number(m[3]) + 1 };
}

export function describeHms(code: string): string {
  const direct = HMS_WORDS[code];
  if (direct) return direct.replace('{unit}', '1').replace('{slot}', '1');
  const ams = amsTemplate(code);
  const templated = ams ? HMS_WORDS[ams.key] : undefined;
  if (ams && templated) return templated.replace('{unit}', String(ams.unit)).replace('{slot}', String(ams.slot));
  return `The printer reported health alarm ${code}; look it up in the Bambu Lab wiki (HMS codes).`;
}

export function hmsFault(attr: number, code: number): PrinterFault {
  const text = hmsCodeString(attr, code);
  return { code: text, severity: hmsSeverity(code), message: describeHms(text) };
}

export function printErrorFault(value: number): PrinterFault {
  const text = printErrorCodeString(value);
  const known = PRINT_ERROR_WORDS[text];
  if (known) return { code: text, severity: known.severity, message: known.message };
  return { code: text, severity: 'serious', message: `The print stopped with printer error ${text}.` };
}
