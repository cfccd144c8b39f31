// Cached Bambu `print` report → the normalized PrinterStatus shared with the Marlin driver (pure).
import type { AmsUnit, PrinterFault, PrinterState, PrinterStatus } from '../../../shared/contract/printer-status.js';
import { emptyStatus } from '../../../shared/contract/printer-status.js';
import { hmsFault, printErrorFault } from './hms.js';
import { isPlainObject, type RawObject } from './merge.js';

/** Numbers arrive as numbers or strings ("26.2", "15"), depending on field and firmware. */
export function num(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function int(value: unknown): number | null {
  const n = num(value);
  if (n === null) return null;
  const t = Math.trunc(n);
  return Number.isSafeInteger(t) ? t : null; // 2^53 layer counts are garbage, not data
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

const GCODE_STATES: Readonly<Record<string, PrinterState>> = {
  IDLE: 'idle',
  INIT: 'preparing',
  SLICING: 'preparing',
  PREPARE: 'preparing',
  RUNNING: 'printing',
  PAUSE: 'paused',
  FINISH: 'finished',
  FAILED: 'failed',
  OFFLINE: 'offline',
};

export function mapGcodeState(value: unknown): PrinterState {
  return (typeof value === 'string' && GCODE_STATES[value.toUpperCase()]) || 'idle';
}

/** Fan speeds are reported as 0–15 PWM steps in strings (pybambu utils.fan_percentage). */
export function fanPercent(value: unknown): number | null {
  const n = num(value);
  if (n === null) return null;
  return Math.round((Math.min(Math.max(n, 0), 15) / 15) * 100);
}

/** Speed presets 1 silent … 4 ludicrous → the firmware's speed magnitudes. */
const SPEED_LEVEL_PERCENT: Readonly<Record<number, number>> = { 1: 50, 2: 100, 3: 124, 4: 166 };

/** Models whose `chamber_temper` is a constant 5 °C placeholder (no sensor). */
const NO_CHAMBER_SENSOR_PREFIXES = ['01S', '01P', '030', '039'];

export interface NormalizeOptions {
  serial?: string;
  /** 'X1C', 'P1S', 'A1'… when known from config or get_version. */
  model?: string | null;
  reportedAt?: number;
}

export function hasChamberSensor(options: NormalizeOptions): boolean {
  const model = options.model?.toUpperCase() ?? '';
  if (model.startsWith('P1') || model.startsWith('A1')) return false;
  if (model.startsWith('X1')) return true;
  const serial = options.serial ?? '';
  return !NO_CHAMBER_SENSOR_PREFIXES.some((p) => serial.startsWith(p));
}

function normalizeColor(value: unknown): string | null {
  if (typeof value !== 'string' || !/^[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?$/.test(value)) return null;
  return `#${value.toUpperCase()}`;
}

function normalizeAms(print: RawObject): AmsUnit[] {
  const amsBlock = print.ams;
  if (!isPlainObject(amsBlock) || !Array.isArray(amsBlock.ams)) return [];
  // tray_now is the global slot index (ams_id*4 + tray_id); 254 external spool, 255 none.
  const trayNow = int(amsBlock.tray_now);
  const units: AmsUnit[] = [];
  for (const unit of amsBlock.ams) {
    if (!isPlainObject(unit)) continue;
    const unitId = int(unit.id);
    if (unitId === null) continue;
    const trays = Array.isArray(unit.tray) ? unit.tray : [];
    const temperature = num(unit.temp);
    units.push({
      id: unitId,
      // humidity_raw is a real percentage on newer firmware; `humidity` is only a 1–5 level index.
      humidity: num(unit.humidity_raw),
      humidityLevel: int(unit.humidity),
      // AMS lite has no sensor and reports "0.0".
      temperature: temperature === 0 ? null : temperature,
      trays: trays.filter(isPlainObject).flatMap((tray) => {
        const trayId = int(tray.id);
        if (trayId === null) return [];
        const remain = int(tray.remain);
        const material = str(tray.tray_type);
        return [
          {
            id: trayId,
            material,
            color: material ? normalizeColor(tray.tray_color) : null,
            remainPercent: remain === null || remain < 0 ? null : Math.min(remain, 100),
            name: str(tray.tray_sub_brands) ?? str(tray.tray_id_name),
            active: trayNow !== null && trayNow === unitId * 4 + trayId,
          },
        ];
      }),
    });
  }
  return units;
}

function normalizeFaults(print: RawObject, state: PrinterState): PrinterFault[] {
  const faults: PrinterFault[] = [];
  if (Array.isArray(print.hms)) {
    for (const entry of print.hms.slice(0, 64)) {
      if (!isPlainObject(entry)) continue;
      const attr = int(entry.attr);
      const code = int(entry.code);
      if (attr === null || code === null) continue;
      faults.push(hmsFault(attr, code));
    }
  }
  // print_error outlives the job it belongs to (still set on an IDLE printer, FDMM PR #5258): show it only
  // while it can describe the current state.
  const printError = int(print.print_error);
  const current = state === 'failed' || state === 'paused' || state === 'printing' || state === 'preparing';
  if (printError !== null && printError !== 0 && current) faults.push(printErrorFault(printError));
  return faults;
}

/** `chamber_temper`, or on newer firmware `device.ctc.info.temp` packed as (target << 16) | current. */
function chamberTemperature(print: RawObject): { actual: number; target: number } | null {
  const flat = num(print.chamber_temper);
  if (flat !== null) return { actual: flat, target: 0 };
  const device = print.device;
  const ctc = isPlainObject(device) && isPlainObject(device.ctc) ? device.ctc : null;
  const packed = ctc && isPlainObject(ctc.info) ? int(ctc.info.temp) : null;
  if (packed === null || packed < 0) return null;
  return { actual: packed & 0xffff, target: packed >>> 16 };
}

/** Build a fresh PrinterStatus from the cached raw `print` object. */
export function normalizeReport(print: RawObject, options: NormalizeOptions = {}): PrinterStatus {
  const status = emptyStatus(mapGcodeState(print.gcode_state));
  status.reportedAt = options.reportedAt ?? Date.now();

  const nozzle = num(print.nozzle_temper);
  if (nozzle !== null) status.tools = [{ actual: nozzle, target: num(print.nozzle_target_temper) ?? 0 }];
  const bed = num(print.bed_temper);
  if (bed !== null) status.bed = { actual: bed, target: num(print.bed_target_temper) ?? 0 };
  const chamber = chamberTemperature(print);
  if (chamber !== null && hasChamberSensor(options)) status.chamber = chamber;

  status.fans = {
    part: fanPercent(print.cooling_fan_speed),
    aux: fanPercent(print.big_fan1_speed),
    chamber: fanPercent(print.big_fan2_speed),
  };
  const level = int(print.spd_lvl);
  status.speedLevel = level !== null && level >= 1 && level <= 4 ? level : null;
  status.speedPercent = num(print.spd_mag) ?? (status.speedLevel ? SPEED_LEVEL_PERCENT[status.speedLevel]! : null);

  if (status.state !== 'idle' && status.state !== 'offline') {
    const file = str(print.gcode_file);
    const name = str(print.subtask_name) ?? (file ? file.split('/').pop()! : null);
    const percent = num(print.mc_percent);
    const layer = int(print.layer_num);
    const totalLayers = int(print.total_layer_num);
    status.job = {
      name: name ?? 'Print job',
      // mc_percent can still read 100 from the previous job while a new one prepares.
      progress: status.state === 'preparing' ? 0 : Math.min(Math.max(percent ?? 0, 0), 100),
      layer: layer !== null && layer >= 0 ? layer : null,
      totalLayers: totalLayers !== null && totalLayers > 0 ? totalLayers : null,
      remainingMinutes: (() => {
        const m = num(print.mc_remaining_time);
        return m === null || m < 0 ? null : m;
      })(),
    };
  }

  status.ams = normalizeAms(print);
  status.faults = normalizeFaults(print, status.state);
  if (status.faults.some((f) => f.severity === 'fatal')) status.state = 'error';
  const worst = status.faults.find((f) => f.severity === 'fatal' || f.severity === 'serious');
  // A cancelled print is FAILED with an informational print_error (0300_400C): say "cancelled", not "failed".
  if (status.state === 'failed' || status.state === 'error') status.message = (worst ?? status.faults[0])?.message ?? 'The print failed.';
  else if (worst) status.message = worst.message;
  return status;
}
