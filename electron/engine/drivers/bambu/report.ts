// Classify one raw MQTT message from device/<serial>/report: status push, command ack, or junk (pure).
import { isPlainObject, type RawObject } from './merge.js';

/** Real pushall reports are ~20 KB (X1C with 4 AMS units); anything past this is hostile or broken. */
export const MAX_REPORT_BYTES = 256 * 1024;

export type ReportMessage =
  | { kind: 'status'; print: RawObject; full: boolean }
  | { kind: 'ack'; type: string; command: string; sequenceId: string; ok: boolean; reason: string; body: RawObject }
  | { kind: 'version'; sequenceId: string; modules: RawObject[]; body: RawObject }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

const ENVELOPE_TYPES = ['print', 'pushing', 'info', 'system', 'upgrade', 'camera', 'xcam', 'mc_print'];

export function classifyReport(payload: Buffer | string): ReportMessage {
  const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
  if (size > MAX_REPORT_BYTES) return { kind: 'invalid', reason: `message of ${size} bytes exceeds ${MAX_REPORT_BYTES}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (!isPlainObject(parsed)) return { kind: 'invalid', reason: 'not a JSON object' };

  const type = ENVELOPE_TYPES.find((t) => isPlainObject(parsed[t]));
  if (!type) return { kind: 'ignored', reason: 'no known envelope key' };
  const body = parsed[type] as RawObject;
  const command = typeof body.command === 'string' ? body.command : '';

  if (type === 'print' && command === 'push_status') {
    // msg 0 = full snapshot (pushall reply); missing on some newer models, so only 0 counts as full.
    return { kind: 'status', print: body, full: body.msg === 0 };
  }
  if (type === 'mc_print') return { kind: 'ignored', reason: 'log line' };
  // sequence_id is a string on the wire, but some firmware echoes an integer.
  const sequenceId = typeof body.sequence_id === 'string' || typeof body.sequence_id === 'number' ? String(body.sequence_id) : '';
  if (type === 'info' && command === 'get_version') {
    return { kind: 'version', sequenceId, modules: Array.isArray(body.module) ? body.module.filter(isPlainObject) : [], body };
  }
  if (!command) return { kind: 'ignored', reason: `${type} without command` };
  const result = typeof body.result === 'string' ? body.result.toLowerCase() : '';
  const reason = typeof body.reason === 'string' ? body.reason : '';
  // Acks without a result field (some firmware) count as success; only an explicit failure is a failure.
  return { kind: 'ack', type, command, sequenceId, ok: result === '' || result === 'success', reason, body };
}

/** Model from get_version (project_name on ota/mc modules) or from the serial prefix. */
export function detectModel(modules: RawObject[], serial: string): string | null {
  const projects: Record<string, string> = { C11: 'P1P', C12: 'P1S', C13: 'X1E', BL_P001: 'X1C', BL_P002: 'X1', N1: 'A1 mini', N2S: 'A1' };
  const products: Record<string, string> = { 'X1-Carbon': 'X1C' };
  // Only the ota module names the printer; AMS modules carry their own product names.
  for (const m of modules.filter((mod) => mod.name === 'ota')) {
    const product = typeof m.product_name === 'string' ? m.product_name.replace(/^Bambu Lab /, '') : '';
    if (product) return products[product] ?? product;
    const project = typeof m.project_name === 'string' ? m.project_name : '';
    if (project && projects[project]) return projects[project]!;
  }
  return modelFromSerial(serial);
}

export function modelFromSerial(serial: string): string | null {
  const prefixes: Record<string, string> = { '00M': 'X1C', '00W': 'X1', '03W': 'X1E', '01S': 'P1P', '01P': 'P1S', '030': 'A1', '039': 'A1 mini' };
  return prefixes[serial.slice(0, 3)] ?? null;
}
