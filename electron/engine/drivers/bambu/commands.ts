// Request payloads for device/<serial>/request (OpenBambuAPI / pybambu shapes); sequence_id is filled by the sender.
import { FarmError } from '../../../shared/contract/envelope.js';

export type RequestType = 'print' | 'pushing' | 'info' | 'system';

export interface BambuRequest {
  type: RequestType;
  command: string;
  /** Extra fields beside command/sequence_id. */
  fields?: Record<string, unknown>;
  /** Whether the printer answers with an ack carrying the same sequence_id. */
  acked: boolean;
}

export function encodeRequest(request: BambuRequest, sequenceId: string): string {
  return JSON.stringify({ [request.type]: { sequence_id: sequenceId, command: request.command, ...request.fields } });
}

export const pushAll = (): BambuRequest => ({ type: 'pushing', command: 'pushall', fields: { version: 1, push_target: 1 }, acked: false });
export const getVersion = (): BambuRequest => ({ type: 'info', command: 'get_version', acked: true });
export const pause = (): BambuRequest => ({ type: 'print', command: 'pause', fields: { param: '' }, acked: true });
export const resume = (): BambuRequest => ({ type: 'print', command: 'resume', fields: { param: '' }, acked: true });
export const stop = (): BambuRequest => ({ type: 'print', command: 'stop', fields: { param: '' }, acked: true });

export function speedLevel(level: number): BambuRequest {
  if (!Number.isInteger(level) || level < 1 || level > 4) throw new FarmError('invalid-input', 'Speed level must be 1 (silent) to 4 (ludicrous).');
  // param is a string on the wire.
  return { type: 'print', command: 'print_speed', fields: { param: String(level) }, acked: true };
}

const MAX_GCODE_BYTES = 16 * 1024;

export function gcodeLine(gcode: string): BambuRequest {
  const lines = gcode.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length === 0) throw new FarmError('invalid-input', 'G-code is empty.');
  // The firmware wants lines separated by \n with a trailing \n (pybambu HOME_GCODE).
  const param = lines.join('\n') + '\n';
  if (Buffer.byteLength(param) > MAX_GCODE_BYTES) throw new FarmError('invalid-input', `G-code over ${MAX_GCODE_BYTES} bytes; upload a file instead.`);
  return { type: 'print', command: 'gcode_line', fields: { param }, acked: true };
}

export type LightNode = 'chamber_light' | 'work_light';
export function light(node: LightNode, on: boolean): BambuRequest {
  // Every field is required by the firmware, even for plain on/off.
  return {
    type: 'system',
    command: 'ledctrl',
    fields: { led_node: node, led_mode: on ? 'on' : 'off', led_on_time: 500, led_off_time: 500, loop_times: 0, interval_time: 0 },
    acked: true,
  };
}

export interface AmsFilamentSetting {
  amsId: number;
  trayId: number;
  /** Filament profile id, e.g. GFA00. */
  trayInfoIdx: string;
  /** RRGGBB or RRGGBBAA (with or without #). */
  color: string;
  nozzleTempMin: number;
  nozzleTempMax: number;
  material: string;
}

export function amsFilamentSetting(s: AmsFilamentSetting): BambuRequest {
  const hex = s.color.replace(/^#/, '').toUpperCase();
  if (!/^[0-9A-F]{6}([0-9A-F]{2})?$/.test(hex)) throw new FarmError('invalid-input', 'Colour must be RRGGBB or RRGGBBAA.');
  return {
    type: 'print',
    command: 'ams_filament_setting',
    fields: {
      ams_id: s.amsId,
      tray_id: s.trayId,
      tray_info_idx: s.trayInfoIdx,
      tray_color: hex.length === 6 ? `${hex}FF` : hex,
      nozzle_temp_min: s.nozzleTempMin,
      nozzle_temp_max: s.nozzleTempMax,
      tray_type: s.material,
    },
    acked: true,
  };
}

export interface ProjectFileOptions {
  /** File name on the SD card root, e.g. `cube.gcode.3mf`. */
  remoteName: string;
  plate: number;
  /** One AMS slot (global index) per filament in the file; -1 = external spool / unused. Empty = no AMS. */
  amsMapping: number[];
  subtaskName?: string;
  bedLeveling?: boolean;
  flowCalibration?: boolean;
  vibrationCalibration?: boolean;
  layerInspect?: boolean;
  timelapse?: boolean;
  /** H2 series wants ftp:/// URLs; X1/P1/A1 want file:///sdcard/. */
  urlScheme?: 'sdcard' | 'ftp';
}

export function projectFile(o: ProjectFileOptions): BambuRequest {
  if (!Number.isInteger(o.plate) || o.plate < 1 || o.plate > 64) throw new FarmError('invalid-input', 'Plate must be 1–64.');
  const url = o.urlScheme === 'ftp' ? `ftp:///${o.remoteName}` : `file:///sdcard/${o.remoteName}`;
  const bedLeveling = o.bedLeveling ?? true;
  return {
    type: 'print',
    command: 'project_file',
    fields: {
      param: `Metadata/plate_${o.plate}.gcode`,
      url,
      subtask_name: o.subtaskName ?? o.remoteName.replace(/\.gcode\.3mf$|\.3mf$/i, ''),
      md5: '',
      timelapse: o.timelapse ?? false,
      bed_type: 'auto',
      // Sources disagree on the spelling (pybambu bed_leveling, OpenBambuAPI bed_levelling): send both.
      bed_leveling: bedLeveling,
      bed_levelling: bedLeveling,
      flow_cali: o.flowCalibration ?? true,
      vibration_cali: o.vibrationCalibration ?? true,
      layer_inspect: o.layerInspect ?? true,
      use_ams: o.amsMapping.some((slot) => slot >= 0),
      ams_mapping: o.amsMapping,
      profile_id: '0',
      project_id: '0',
      subtask_id: '0',
      task_id: '0',
    },
    acked: true,
  };
}

/** After an AMS alarm (runout, tangle): resume / reset / pause / done — what the printer's screen offers. */
export function amsControl(action: 'resume' | 'reset' | 'pause' | 'done'): BambuRequest {
  return { type: 'print', command: 'ams_control', fields: { param: action }, acked: true };
}

/** Load a slot (global tray index ams_id*4 + slot) or unload (target 255). Temperatures 0 = printer default. */
export function amsChangeFilament(target: { amsId: number; slotId: number } | 'unload'): BambuRequest {
  if (target !== 'unload' && (!Number.isInteger(target.amsId) || target.amsId < 0 || target.amsId > 3 || !Number.isInteger(target.slotId) || target.slotId < 0 || target.slotId > 3)) {
    throw new FarmError('invalid-input', 'AMS unit must be 0–3 and slot 0–3.');
  }
  const fields =
    target === 'unload'
      ? { ams_id: 255, slot_id: 255, target: 255, curr_temp: 0, tar_temp: 0 }
      : { ams_id: target.amsId, slot_id: target.slotId, target: target.amsId * 4 + target.slotId, curr_temp: 0, tar_temp: 0 };
  return { type: 'print', command: 'ams_change_filament', fields, acked: true };
}

/** Skip objects (ids from Metadata/slice_info.config `identify_id`); the printer lists them in `s_obj`. */
export function skipObjects(objectIds: number[]): BambuRequest {
  if (objectIds.length === 0 || objectIds.length > 256 || !objectIds.every((id) => Number.isInteger(id) && id >= 0)) {
    throw new FarmError('invalid-input', 'Give 1–256 object ids (integers).');
  }
  return { type: 'print', command: 'skip_objects', fields: { obj_list: objectIds }, acked: true };
}
