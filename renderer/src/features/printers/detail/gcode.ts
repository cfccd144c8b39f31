// The G-code each manual control sends (pure, so the exact commands are unit-tested), presets and terminal helpers.

export type Axis = 'X' | 'Y' | 'Z';
export const JOG_STEPS = [0.1, 1, 10, 100] as const;

/** Feed rates in mm/min: Z is slow on most machines (leadscrews), XY fast. */
const JOG_FEED: Record<Axis, number> = { X: 6000, Y: 6000, Z: 600 };

export function homeGcode(axes: Axis[] = []): string {
  return axes.length ? `G28 ${axes.join(' ')}` : 'G28';
}

/** Relative move, then back to absolute so a print started afterwards is not shifted. */
export function jogGcode(axis: Axis, distance: number): string {
  return `G91\nG1 ${axis}${formatMm(distance)} F${JOG_FEED[axis]}\nG90`;
}

/** M83 (relative E) for the move only; M82 restores absolute extrusion, which sliced files expect unless they say otherwise. */
export function extrudeGcode(lengthMm: number): string {
  const feed = lengthMm < 0 ? 1800 : 300;
  return `M83\nG1 E${formatMm(lengthMm)} F${feed}\nM82`;
}

export function fanGcode(percent: number): string {
  const pwm = Math.round((Math.min(100, Math.max(0, percent)) / 100) * 255);
  return pwm === 0 ? 'M107' : `M106 S${pwm}`;
}

/** Set targets without waiting (M104/M140, not M109/M190): the UI must not block a command slot while heating. */
export function temperatureGcode(target: { nozzle?: number; bed?: number }): string {
  const lines: string[] = [];
  if (target.nozzle !== undefined) lines.push(`M104 S${Math.round(target.nozzle)}`);
  if (target.bed !== undefined) lines.push(`M140 S${Math.round(target.bed)}`);
  return lines.join('\n');
}

export const PRESETS = [
  { name: 'PLA', nozzle: 200, bed: 60 },
  { name: 'PETG', nozzle: 240, bed: 80 },
  { name: 'ABS', nozzle: 250, bed: 100 },
  { name: 'Off', nozzle: 0, bed: 0 },
] as const;

function formatMm(n: number): string {
  return String(Math.round(n * 1000) / 1000);
}

/** Marlin temperature reports ("T:210.0 /210.0 B:60.1 /60.0 @:127", "ok T:…") and the M105 polls that ask for them. */
export function isTemperatureReport(text: string): boolean {
  const t = text.trim();
  return /^(ok\s+)?(T\d*|B|C):\s*-?\d/.test(t) || /^M105\b/i.test(t) || /^N\d+\s+M105\b/i.test(t) || /^M155\b/i.test(t);
}

export const COMMON_GCODES: Array<[string, string]> = [
  ['G28', 'Home all axes'],
  ['G29', 'Bed levelling probe'],
  ['G90', 'Absolute positioning'],
  ['G91', 'Relative positioning'],
  ['G92 E0', 'Reset extruder position'],
  ['M104 S', 'Set nozzle temperature'],
  ['M109 S', 'Set nozzle temperature and wait'],
  ['M140 S', 'Set bed temperature'],
  ['M190 S', 'Set bed temperature and wait'],
  ['M105', 'Report temperatures'],
  ['M106 S255', 'Part fan full'],
  ['M107', 'Part fan off'],
  ['M114', 'Report position'],
  ['M115', 'Firmware info'],
  ['M119', 'Endstop states'],
  ['M20', 'List SD card files'],
  ['M21', 'Init SD card'],
  ['M27', 'SD print progress'],
  ['M220 S100', 'Speed factor'],
  ['M221 S100', 'Flow factor'],
  ['M400', 'Wait for moves to finish'],
  ['M500', 'Save settings to EEPROM'],
  ['M501', 'Load settings from EEPROM'],
  ['M503', 'Report settings'],
  ['M600', 'Filament change'],
  ['M84', 'Motors off'],
];

/** SD listing between "Begin file list" and "End file list" (M20): "NAME.GCO 12345" or long names with M20 L. */
export function parseSdList(lines: string[]): Array<{ name: string; size: number | null }> | null {
  const begin = lines.map((l) => l.trim()).lastIndexOf('Begin file list');
  if (begin < 0) return null;
  const out: Array<{ name: string; size: number | null }> = [];
  for (const raw of lines.slice(begin + 1)) {
    const line = raw.trim();
    if (line === 'End file list') return out;
    // M155 auto-reports and busy/echo lines can arrive in the middle of a listing.
    if (!line || line === 'ok' || isTemperatureReport(line) || /^(echo|busy|wait)\b|^ok\b/i.test(line)) continue;
    const match = /^(\S+)(?:\s+(\d+))?/.exec(line);
    if (match) out.push({ name: match[1], size: match[2] ? Number(match[2]) : null });
  }
  return null; // not finished yet
}
