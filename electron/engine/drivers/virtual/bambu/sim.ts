// Simulated Bambu printer state: full reports, P1-style deltas while printing, command handling, faults (pure).
import { cloneSafe, mergeInto, type RawObject } from '../../bambu/merge.js';
import { BASE_P1_REPORT } from './base-report.js';

export interface SimJob {
  name: string;
  remoteName: string;
  plate: number;
  totalLayers: number;
  /** Simulated seconds of printing at speed level 2. */
  durationSeconds: number;
  /** Global tray index feeding the nozzle, or 255 (none). */
  tray: number;
}

export interface SimOptions {
  /** Simulated seconds spent in PREPARE (heating, levelling). */
  prepareSeconds?: number;
  targets?: { nozzle: number; bed: number };
}

export type SimCommandResult = { result: 'success' | 'failed'; reason?: string };

const SPEED_MAG: Record<number, number> = { 1: 50, 2: 100, 3: 124, 4: 166 };
/** Scalar keys a P1 sends in deltas when they change. */
const SCALAR_KEYS = [
  'gcode_state', 'mc_percent', 'mc_remaining_time', 'layer_num', 'total_layer_num', 'nozzle_temper', 'nozzle_target_temper',
  'bed_temper', 'bed_target_temper', 'cooling_fan_speed', 'heatbreak_fan_speed', 'big_fan1_speed', 'spd_lvl', 'spd_mag',
  'print_error', 'subtask_name', 'gcode_file', 'gcode_file_prepare_percent', 'mc_print_stage', 'stg_cur', 'print_type', 'wifi_signal', 's_obj',
] as const;

export class BambuSimulation {
  private report: RawObject = cloneSafe(BASE_P1_REPORT as RawObject);
  private job: SimJob | null = null;
  private elapsed = 0; // simulated printing seconds (speed-weighted)
  private prepareLeft = 0;
  private hms: Array<{ attr: number; code: number }> = [];
  private lastSent: RawObject = {};
  private lastRemain = new Map<number, number>();
  private tick = 0;
  private noiseNext = false;
  /** Trays whose metadata changed (ams_filament_setting): the next delta carries them whole, as a P1 does. */
  private dirtyTrays = new Set<string>();
  readonly prepareSeconds: number;
  readonly targets: { nozzle: number; bed: number };

  constructor(options: SimOptions = {}) {
    this.prepareSeconds = options.prepareSeconds ?? 2;
    this.targets = options.targets ?? { nozzle: 220, bed: 55 };
    this.markSent();
  }

  get state(): string {
    return String(this.report.gcode_state);
  }

  get currentJob(): SimJob | null {
    return this.job;
  }

  /** One field of the current report, without touching delta bookkeeping (assertions in tests). */
  peek(key: string): unknown {
    return this.report[key];
  }

  /** Full `print` body for a pushall reply (msg 0). */
  fullReport(): RawObject {
    this.markSent();
    return { ...cloneSafe(this.report), hms: this.hms.map((h) => ({ ...h })) };
  }

  private markSent(): void {
    this.lastSent = {};
    for (const key of SCALAR_KEYS) this.lastSent[key] = this.report[key];
    this.lastSent.tray_now = (this.report.ams as RawObject).tray_now;
    this.lastRemain = new Map(this.trays().map((t, i) => [i, Number(t.remain)]));
  }

  private trays(): RawObject[] {
    const ams = this.report.ams as RawObject;
    return ((ams.ams as RawObject[])[0]!.tray as RawObject[]) ?? [];
  }

  startJob(job: SimJob): SimCommandResult {
    if (this.state === 'RUNNING' || this.state === 'PREPARE' || this.state === 'PAUSE') return { result: 'failed', reason: 'printer busy' };
    this.job = job;
    this.elapsed = 0;
    this.prepareLeft = this.prepareSeconds;
    Object.assign(this.report, {
      gcode_state: 'PREPARE', mc_percent: 0, layer_num: 0, total_layer_num: job.totalLayers, print_error: 0,
      subtask_name: job.name, gcode_file: job.remoteName, gcode_file_prepare_percent: '0', mc_print_stage: '2', stg_cur: 2,
      print_type: 'local', mc_remaining_time: Math.ceil(job.durationSeconds / 60), nozzle_target_temper: this.targets.nozzle, bed_target_temper: this.targets.bed,
    });
    const ams = this.report.ams as RawObject;
    ams.tray_now = String(job.tray);
    return { result: 'success' };
  }

  pause(): SimCommandResult {
    if (this.state !== 'RUNNING' && this.state !== 'PREPARE') return { result: 'failed', reason: 'not printing' };
    this.report.gcode_state = 'PAUSE';
    this.report.stg_cur = 16; // paused by the user
    return { result: 'success' };
  }

  resume(): SimCommandResult {
    if (this.state !== 'PAUSE') return { result: 'failed', reason: 'not paused' };
    this.report.gcode_state = this.prepareLeft > 0 ? 'PREPARE' : 'RUNNING';
    this.report.stg_cur = 0;
    return { result: 'success' };
  }

  /** print.stop: the P1 reports FAILED with print_error 0300_400C ("task was cancelled"). */
  stop(): SimCommandResult {
    if (!['RUNNING', 'PREPARE', 'PAUSE'].includes(this.state)) return { result: 'success' };
    this.endJob('FAILED', 0x0300400c);
    return { result: 'success' };
  }

  setSpeed(level: number): SimCommandResult {
    if (!(level in SPEED_MAG)) return { result: 'failed', reason: 'bad speed level' };
    this.report.spd_lvl = level;
    this.report.spd_mag = SPEED_MAG[level];
    return { result: 'success' };
  }

  setTray(amsId: number, trayId: number, fields: RawObject): SimCommandResult {
    const tray = this.trays().find((t) => t.id === String(trayId));
    if (amsId !== 0 || !tray) return { result: 'failed', reason: 'no such tray' };
    mergeInto(tray, fields);
    if (typeof fields.tray_color === 'string') tray.cols = [fields.tray_color];
    this.dirtyTrays.add(String(trayId));
    return { result: 'success' };
  }

  changeFilament(target: number): SimCommandResult {
    if (this.state === 'RUNNING') return { result: 'failed', reason: 'printing' };
    if (target !== 255 && (target < 0 || target > 3)) return { result: 'failed', reason: 'no such tray' };
    (this.report.ams as RawObject).tray_now = String(target);
    return { result: 'success' };
  }

  skipObjects(ids: number[]): SimCommandResult {
    if (!this.job) return { result: 'failed', reason: 'not printing' };
    const skipped = new Set([...((this.report.s_obj as number[]) ?? []), ...ids]);
    this.report.s_obj = [...skipped];
    return { result: 'success' };
  }

  setLight(node: string, mode: string): void {
    const lights = (this.report.lights_report as RawObject[]) ?? [];
    const light = lights.find((l) => l.node === node);
    if (light) light.mode = mode;
  }

  setChamber(celsius: number): void {
    this.report.chamber_temper = celsius;
  }

  /** Sensor noise of one 1/32 °C step, alternating, so every report carries a temperature delta. */
  jitter(): void {
    this.noiseNext = true;
  }

  // ---- faults ----
  raiseHms(attr: number, code: number): void {
    this.hms.push({ attr, code });
  }
  clearHms(): void {
    this.hms = [];
  }
  failPrint(printError: number): void {
    this.endJob('FAILED', printError);
  }

  private endJob(state: 'FINISH' | 'FAILED', printError: number): void {
    Object.assign(this.report, {
      gcode_state: state, print_error: printError, mc_print_stage: '1', stg_cur: 255, nozzle_target_temper: 0, bed_target_temper: 0,
      cooling_fan_speed: '0', mc_remaining_time: 0,
    });
    if (state === 'FINISH') Object.assign(this.report, { mc_percent: 100, layer_num: this.report.total_layer_num });
    (this.report.ams as RawObject).tray_now = '255';
    this.job = null;
  }

  /** Advance by `seconds` of simulated time; returns the P1-style delta (changed keys only) or null. */
  advance(seconds: number, includeHms: boolean): RawObject | null {
    this.tick += 1;
    const r = this.report;
    const approach = (key: string, target: number) => {
      const now = Number(r[key]);
      const next = Math.abs(target - now) < 0.5 ? target : now + (target - now) * Math.min(1, 0.6 * seconds);
      r[key] = Math.round(next * 32) / 32; // the firmware reports 1/32 °C steps (e.g. 54.96875)
    };
    approach('nozzle_temper', Number(r.nozzle_target_temper) || 24);
    approach('bed_temper', Number(r.bed_target_temper) || 23);
    if (this.noiseNext) {
      this.noiseNext = false;
      r.nozzle_temper = Number(r.nozzle_temper) + (this.tick % 2 === 0 ? 1 / 32 : -1 / 32);
    }

    if (this.job && this.state === 'PREPARE') {
      this.prepareLeft -= seconds;
      r.gcode_file_prepare_percent = String(Math.min(100, Math.round((1 - Math.max(0, this.prepareLeft) / this.prepareSeconds) * 100)));
      if (this.prepareLeft <= 0) Object.assign(r, { gcode_state: 'RUNNING', stg_cur: 0, cooling_fan_speed: '15', big_fan1_speed: '10' });
    } else if (this.job && this.state === 'RUNNING') {
      const speed = (Number(r.spd_mag) || 100) / 100;
      this.elapsed += seconds * speed;
      const fraction = Math.min(1, this.elapsed / this.job.durationSeconds);
      r.mc_percent = Math.floor(fraction * 100);
      r.layer_num = Math.max(1, Math.ceil(fraction * this.job.totalLayers));
      r.mc_remaining_time = Math.ceil(((1 - fraction) * this.job.durationSeconds) / speed / 60);
      const tray = this.trays()[this.job.tray];
      if (tray && Number(tray.remain) > 0 && this.tick % 5 === 0) tray.remain = Number(tray.remain) - 1;
      if (fraction >= 1) this.endJob('FINISH', 0);
    }
    if (this.tick % 10 === 0) r.wifi_signal = `-${40 + (this.tick % 7)}dBm`;

    const delta: RawObject = {};
    for (const key of SCALAR_KEYS) if (r[key] !== this.lastSent[key]) delta[key] = r[key];
    const changedTrays = this.trays().filter((t, i) => Number(t.remain) !== this.lastRemain.get(i) || this.dirtyTrays.has(String(t.id)));
    if (changedTrays.length || (r.ams as RawObject).tray_now !== this.lastSent.tray_now) {
      const trays = changedTrays.map((t) => (this.dirtyTrays.has(String(t.id)) ? cloneSafe(t) : { id: t.id, remain: t.remain }));
      delta.ams = { ams: [{ id: '0', tray: trays }], tray_now: (r.ams as RawObject).tray_now };
    }
    this.dirtyTrays.clear();
    if (includeHms) delta.hms = this.hms.map((h) => ({ ...h }));
    this.markSent();
    return Object.keys(delta).length ? delta : null;
  }
}
