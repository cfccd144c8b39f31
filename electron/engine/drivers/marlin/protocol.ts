// Pure Marlin serial protocol: line framing (N/checksum), comment stripping and a tolerant parser for every reply form.
// Facts: shared/reference/marlin-serial.md (§1 framing, §3 errors, §4 ok, §7 temps, §9 SD, §11 M115).

/** Strip `;` comments (and `(…)` when asked), surrounding whitespace; returns '' for blank/comment-only lines,
 *  which Marlin never acknowledges (so sending them would make the ok count drift). */
export function stripLine(raw: string, parenComments = false): string {
  let s = raw;
  const semi = s.indexOf(';');
  if (semi >= 0) s = s.slice(0, semi);
  if (parenComments && s.includes('(')) s = s.replace(/\([^)]*\)/g, '');
  // A checksum marker inside a command would corrupt framing; '*' is never valid in plain G-code here.
  const star = s.indexOf('*');
  if (star >= 0) s = s.slice(0, star);
  return s.trim();
}

/** XOR of every byte (Marlin queue.cpp), decimal 0–255. */
export function checksum(text: string): number {
  let cs = 0;
  for (let i = 0; i < text.length; i++) cs ^= text.charCodeAt(i) & 0xff;
  return cs;
}

/** `N<n> <cmd>*<cs>` without the newline. */
export function frameLine(n: number, cmd: string): string {
  const body = `N${n} ${cmd}`;
  return `${body}*${checksum(body)}`;
}

/** The hello that resets numbering: after `N0 M110 N0*125` the next line must be N1. */
export function m110Reset(n = 0): string {
  return frameLine(n, `M110 N${n}`);
}

/** First G/M/T word, upper-case ('G1', 'M109', 'T0'); '' when none. */
export function commandCode(cmd: string): string {
  const m = /^\s*(?:N-?\d+\s*)?([GMT])\s*(\d+)(?:\.(\d+))?/i.exec(cmd);
  if (!m) return '';
  return `${m[1].toUpperCase()}${Number(m[2])}${m[3] !== undefined ? '.' + m[3] : ''}`;
}

/** Commands that legitimately take long before their ok (exempt from the ok timeout). */
export const LONG_RUNNING = new Set(['G4', 'G28', 'G29', 'G30', 'G32', 'G33', 'G34', 'M0', 'M1', 'M109', 'M190', 'M191', 'M226', 'M303', 'M400', 'M600', 'M701', 'M702', 'M1001']);
/** Handled by Marlin's emergency parser straight from the RX interrupt; they bypass every queue. */
export const EMERGENCY = new Set(['M112', 'M108', 'M410', 'M876']);

export function isLongRunning(cmd: string): boolean {
  return LONG_RUNNING.has(commandCode(cmd));
}
export function isEmergency(cmd: string): boolean {
  return EMERGENCY.has(commandCode(cmd));
}

/** Parse a framed line `N<n> cmd*cs` (firmware side). Returns null when not numbered. */
export function parseFramed(line: string): { n: number; cmd: string; cs: number | null; valid: boolean } | null {
  const m = /^N(-?\d+)\s*(.*)$/.exec(line);
  if (!m) return null;
  const star = line.lastIndexOf('*');
  if (star < 0) return { n: Number(m[1]), cmd: m[2].trim(), cs: null, valid: false };
  const csText = line.slice(star + 1).trim();
  const cs = /^\d+$/.test(csText) ? Number(csText) : NaN;
  const body = line.slice(0, star);
  const cmd = body.replace(/^N-?\d+\s*/, '').trim();
  return { n: Number(m[1]), cmd, cs: Number.isNaN(cs) ? null : cs, valid: !Number.isNaN(cs) && checksum(body) === cs };
}

// ---------------------------------------------------------------- replies

export interface TempReading {
  /** 'T0', 'T1', 'B', 'C', 'P', 'L', 'R' … ; a bare 'T' is reported as 'T' (the active tool). */
  sensor: string;
  actual: number;
  target: number | null;
}
export interface Temps {
  readings: TempReading[];
  /** Heater PWM power from `@:` / `@0:` / `B@:` (not temperatures). */
  power: Record<string, number>;
  /** M109/M190 residency countdown `W:`; '?' while not yet in the window. */
  wait: string | null;
}
export interface Position {
  x: number;
  y: number;
  z: number;
  e: number | null;
}

export type ErrorKind =
  | 'checksum'
  | 'line-number'
  | 'no-checksum'
  | 'no-line-number' // recoverable without a resend (fake an ok)
  | 'kill'
  | 'stopped'
  | 'thermal-runaway'
  | 'mintemp'
  | 'maxtemp'
  | 'heating-failed'
  | 'sd'
  | 'unknown-command'
  | 'rx-overflow'
  | 'other';

export type Reply =
  | { kind: 'ok'; n: number | null; plannerFree: number | null; bufferFree: number | null; temps: Temps | null; position: Position | null; rest: string }
  | { kind: 'resend'; line: number }
  | { kind: 'error'; error: ErrorKind; lastLine: number | null; fatal: boolean; message: string }
  | { kind: 'busy'; reason: string }
  | { kind: 'wait' }
  | { kind: 'start' }
  | { kind: 'temperature'; temps: Temps }
  | { kind: 'position'; position: Position }
  | { kind: 'sd-progress'; byte: number; size: number }
  | { kind: 'sd-not-printing' }
  | { kind: 'sd-list-begin' }
  | { kind: 'sd-list-end' }
  | { kind: 'sd-file-opened'; name: string; size: number | null }
  | { kind: 'sd-file-selected' }
  | { kind: 'sd-done' }
  | { kind: 'sd-open-failed'; name: string }
  | { kind: 'firmware'; fields: Record<string, string> }
  | { kind: 'capability'; name: string; enabled: boolean }
  | { kind: 'action'; action: string; args: string }
  | { kind: 'echo'; text: string }
  | { kind: 'debug'; text: string }
  | { kind: 'fatal'; message: string } // Klipper `!!`, Repetier `fatal:`
  | { kind: 'other'; text: string };

const NUM = '-?\\d*\\.?\\d+';
const TEMP_RE = new RegExp(`(?:^|\\s)(B|C|P|L|R|T\\d*|[A-Z][A-Za-z0-9_]*?):\\s*(${NUM}|inf|nan)(?:\\s*/\\s*(${NUM}))?`, 'g');
const POWER_RE = /(?:^|\s)(B@|C@|@\d*):\s*(-?\d+(?:\.\d+)?)/g;
const TEMP_SENSOR = /^(T\d*|B|C|P|L|R)$/;

/** Temperatures from `T:210.0 /210.0 B:60 /60 @:127 B@:0`, `T0:… T1:…`, `T:21.3/ 0.0`; null if none. */
export function parseTemps(text: string): Temps | null {
  if (!/(?:^|\s)(?:T\d*|B):\s*-?\d/.test(text)) return null;
  const readings: TempReading[] = [];
  const power: Record<string, number> = {};
  let wait: string | null = null;
  for (const m of text.matchAll(POWER_RE)) power[m[1]] = Number(m[2]);
  const withoutPower = text.replace(POWER_RE, ' ');
  const w = /(?:^|\s)W:\s*(\?|\d+)/.exec(withoutPower);
  if (w) wait = w[1];
  for (const m of withoutPower.matchAll(TEMP_RE)) {
    const sensor = m[1];
    if (!TEMP_SENSOR.test(sensor)) continue;
    const actual = Number(m[2]);
    if (!Number.isFinite(actual)) continue;
    const target = m[3] !== undefined ? Number(m[3]) : null;
    readings.push({ sensor, actual, target: target !== null && Number.isFinite(target) ? target : null });
  }
  if (readings.length === 0) return null;
  return { readings, power, wait };
}

/** First `X: Y: Z: [E:]` group (M114's `Count X:` repeats the axes; ignore it). */
export function parsePosition(text: string): Position | null {
  const m = new RegExp(`X:\\s*(${NUM})\\s*Y:\\s*(${NUM})\\s*Z:\\s*(${NUM})(?:\\s*E\\d*:\\s*(${NUM}))?`).exec(text);
  if (!m) return null;
  return { x: Number(m[1]), y: Number(m[2]), z: Number(m[3]), e: m[4] !== undefined ? Number(m[4]) : null };
}

/** M115: split on the KEYS, values contain spaces (`Marlin 2.1.2 (Jan  1 2024)`, `MACHINE_TYPE:3D Printer`). */
export function parseFirmwareFields(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const keyRe = /(?:^|\s+)([A-Z][A-Z0-9_]*):/g;
  const keys: { key: string; start: number; valueStart: number }[] = [];
  for (const m of text.matchAll(keyRe)) {
    // SOURCE_CODE_URL:https://… contains ':' inside the value; only uppercase words followed by ':' count as keys.
    keys.push({ key: m[1], start: m.index ?? 0, valueStart: (m.index ?? 0) + m[0].length });
  }
  for (let i = 0; i < keys.length; i++) {
    const end = i + 1 < keys.length ? keys[i + 1].start : text.length;
    out[keys[i].key] = text.slice(keys[i].valueStart, end).trim();
  }
  return out;
}

function intOrNull(s: string | undefined): number | null {
  if (s === undefined) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

function classifyError(msg: string): { error: ErrorKind; fatal: boolean } {
  const m = msg.toLowerCase();
  if (m.includes('checksum mismatch') || m.startsWith('checksum')) return { error: 'checksum', fatal: false };
  if (m.includes('no checksum with line number')) return { error: 'no-checksum', fatal: false };
  if (m.includes('no line number with checksum') || m.includes('missing linenumber')) return { error: 'no-line-number', fatal: false };
  if (m.includes('line number') || m.includes('linenumber') || m.includes('expected line') || m.includes('format error')) return { error: 'line-number', fatal: false };
  if (m.includes('kill() called') || m.includes('kill caused')) return { error: 'kill', fatal: true };
  if (m.includes('thermal runaway')) return { error: 'thermal-runaway', fatal: true };
  if (m.includes('mintemp')) return { error: 'mintemp', fatal: true };
  if (m.includes('maxtemp')) return { error: 'maxtemp', fatal: true };
  if (m.includes('heating failed')) return { error: 'heating-failed', fatal: true };
  if (m.includes('printer stopped due to errors')) return { error: 'stopped', fatal: true };
  if (m.includes('rx buf overflow')) return { error: 'rx-overflow', fatal: false };
  if (m.includes('unknown command')) return { error: 'unknown-command', fatal: false };
  if (/volume\.init|openroot|open failed|sd init|workdir|card/.test(m)) return { error: 'sd', fatal: false };
  return { error: 'other', fatal: false };
}

/** Parse one firmware line (no trailing newline needed). Never throws: arbitrary bytes give `other`. */
export function parseReply(raw: string): Reply {
  const line = raw.replace(/[\r\n]+$/g, '');
  const t = line.trim();
  if (t === '') return { kind: 'other', text: '' };

  // ok, ok N12 P15 B3, ok T:…, ok X:… (virtual printers), ok 51 (Teacup)
  if (/^ok\b/i.test(t)) {
    const rest = t.slice(2).trim();
    const adv = /(?:^|\s)N(\d+)(?:\s+P(\d+))?(?:\s+B(\d+))?/.exec(rest);
    const bare = /^(\d+)$/.exec(rest);
    // `ok X:… Count: A:… B:…` (virtual printers): the Count part has a `B:` that is not the bed.
    const position = /^X:/.test(rest) ? parsePosition(rest) : null;
    const temps = position ? null : parseTemps(rest);
    return {
      kind: 'ok',
      n: adv ? Number(adv[1]) : bare ? Number(bare[1]) : null,
      plannerFree: adv ? intOrNull(adv[2]) : intOrNull(/(?:^|\s)P(\d+)/.exec(rest)?.[1]),
      bufferFree: adv ? intOrNull(adv[3]) : intOrNull(/(?:^|\s)B(\d+)(?:\s|$)/.exec(rest)?.[1]),
      temps,
      position,
      rest,
    };
  }
  // Resend: 12 / Resend:12 / rs 12 / rs N12 / Resend: N:12
  const rs = /^(?:resend|rs)\b\s*:?\s*(?:N:?)?\s*(\d+)/i.exec(t);
  if (rs) return { kind: 'resend', line: Number(rs[1]) };

  if (/^error:?/i.test(t)) {
    const message = t.replace(/^error:?\s*/i, '');
    const { error, fatal } = classifyError(message);
    const last = /Last Line:\s*(-?\d+)/i.exec(message);
    return { kind: 'error', error, fatal, lastLine: last ? Number(last[1]) : null, message };
  }
  if (/^!!/.test(t) || /^fatal:/i.test(t)) return { kind: 'fatal', message: t.replace(/^(!!|fatal:)\s*/i, '') };
  if (/^kill caused/i.test(t)) return { kind: 'error', error: 'kill', fatal: true, lastLine: null, message: t };

  const busy = /^(?:echo:\s*)?busy:\s*(.*)$/i.exec(t);
  if (busy) return { kind: 'busy', reason: busy[1].trim() };
  if (t === 'wait') return { kind: 'wait' };
  if (t === 'start') return { kind: 'start' };

  const action = /^\/\/\s*action:\s*(\S+)\s*(.*)$/i.exec(t);
  if (action) return { kind: 'action', action: action[1].toLowerCase(), args: action[2] };
  if (t.startsWith('//')) return { kind: 'debug', text: t.slice(2).trim() };

  const cap = /^Cap:([A-Za-z0-9_]+):\s*(\d)/.exec(t);
  if (cap) return { kind: 'capability', name: cap[1].toUpperCase(), enabled: cap[2] === '1' };
  if (/^FIRMWARE_NAME:/.test(t)) return { kind: 'firmware', fields: parseFirmwareFields(t) };

  const sd = /^SD printing byte\s+(\d+)\s*\/\s*(\d+)/i.exec(t);
  if (sd) return { kind: 'sd-progress', byte: Number(sd[1]), size: Number(sd[2]) };
  if (/^Not SD printing/i.test(t)) return { kind: 'sd-not-printing' };
  if (/^Begin file list/i.test(t)) return { kind: 'sd-list-begin' };
  if (/^End file list/i.test(t)) return { kind: 'sd-list-end' };
  const opened = /^File opened:\s*(\S+)(?:\s+Size:\s*(\d+))?/i.exec(t);
  if (opened) return { kind: 'sd-file-opened', name: opened[1], size: intOrNull(opened[2]) };
  if (/^File selected/i.test(t)) return { kind: 'sd-file-selected' };
  if (/^Done printing file/i.test(t)) return { kind: 'sd-done' };
  const openFailed = /^open failed,\s*File:\s*(.*?)\.?$/i.exec(t);
  if (openFailed) return { kind: 'sd-open-failed', name: openFailed[1] };

  // Temperature reports without ok: M155 auto-report and M109/M190 wait lines start with a space.
  const temps = parseTemps(t);
  if (temps && /^(?:T\d*|B|C):/.test(t)) return { kind: 'temperature', temps };
  const position = /^X:/.test(t) ? parsePosition(t) : null;
  if (position) return { kind: 'position', position };

  if (/^echo:/i.test(t)) {
    const text = t.replace(/^echo:\s*/i, '');
    if (/unknown command/i.test(text)) return { kind: 'error', error: 'unknown-command', fatal: false, lastLine: null, message: text };
    return { kind: 'echo', text };
  }
  return { kind: 'other', text: t };
}

export interface SdFile {
  name: string; // 8.3 DOS name used by M23
  size: number | null;
  longName: string | null;
}

/** One entry between `Begin file list` and `End file list`: `NAME~1.GCO 12345 [0x5a2b] [Long Name.gcode]`. */
export function parseSdListEntry(line: string): SdFile | null {
  const t = line.trim();
  if (!t) return null;
  const m = /^(\S+)(?:\s+(\d+))?(?:\s+(0x[0-9a-fA-F]+))?(?:\s+(.+))?$/.exec(t);
  if (!m) return null;
  return { name: m[1], size: intOrNull(m[2]), longName: m[4] ? m[4].trim() : null };
}

/** Reassembles SD lists and joins kill causes with `kill() called` (stateful, per connection). */
export class ReplyContext {
  private listing: SdFile[] | null = null;
  private lastFatalCause: string | null = null;

  /** Feed a line; returns extra structured events the caller may act on. */
  feed(raw: string): { reply: Reply; sdList?: SdFile[]; fatal?: string } {
    const reply = parseReply(raw);
    if (this.listing) {
      if (reply.kind === 'sd-list-end') {
        const files = this.listing;
        this.listing = null;
        return { reply, sdList: files };
      }
      const entry = reply.kind === 'other' ? parseSdListEntry(raw) : null;
      if (entry) this.listing.push(entry);
      return { reply };
    }
    if (reply.kind === 'sd-list-begin') this.listing = [];
    if (reply.kind === 'error' && reply.fatal) {
      if (reply.error === 'kill') {
        const cause = this.lastFatalCause;
        this.lastFatalCause = null;
        return { reply, fatal: cause ? `${cause} (printer halted)` : 'Printer halted (kill() called)' };
      }
      this.lastFatalCause = reply.message;
      return { reply, fatal: reply.message };
    }
    if (reply.kind === 'fatal') return { reply, fatal: reply.message };
    return { reply };
  }
}
