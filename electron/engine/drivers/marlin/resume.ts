// Resume-from-line/layer G-code: rebuild the machine state the file had reached (temperatures, fan, modes, tool,
// position) and produce a preamble that heats, homes X/Y only (the print is in the way of Z), restores Z, E and fan.
// The host cannot know which buffered lines the firmware executed before the link died, so by default we back off
// to the start of the layer that was printing.
import type { PreparedJob } from './job-source.js';
import { layerOf } from './sender.js';

export interface ResumePlan {
  /** Command index the job restarts from. */
  startIndex: number;
  /** Source line number of that command. */
  startLine: number;
  layer: number | null;
  preamble: string;
  /** For the UI: what the host can and cannot know. */
  note: string;
}

interface Reconstructed {
  hotend: number;
  bed: number;
  fan: number; // 0–255
  relativeE: boolean;
  tool: number | null;
  x: number | null;
  y: number | null;
  z: number | null;
  e: number;
  f: number | null;
}

function num(cmd: string, letter: string): number | null {
  const m = new RegExp(`${letter}(-?\\d*\\.?\\d+)`, 'i').exec(cmd.replace(/^\S+/, ''));
  return m ? Number(m[1]) : null;
}

/** Replay commands [0, end) symbolically. */
export function reconstruct(commands: string[], end: number): Reconstructed {
  const st: Reconstructed = { hotend: 0, bed: 0, fan: 0, relativeE: false, tool: null, x: null, y: null, z: null, e: 0, f: null };
  let relative = false;
  for (let i = 0; i < end && i < commands.length; i++) {
    const c = commands[i];
    const code = /^([GMT]\d+)/i.exec(c)?.[1].toUpperCase();
    switch (code) {
      case 'G0':
      case 'G1':
      case 'G2':
      case 'G3': {
        for (const axis of ['X', 'Y', 'Z'] as const) {
          const v = num(c, axis);
          if (v === null) continue;
          const key = axis.toLowerCase() as 'x' | 'y' | 'z';
          st[key] = relative ? (st[key] ?? 0) + v : v;
        }
        const e = num(c, 'E');
        if (e !== null) st.e = relative || st.relativeE ? st.e + e : e;
        const f = num(c, 'F');
        if (f !== null) st.f = f;
        break;
      }
      case 'G90':
        relative = false;
        st.relativeE = false;
        break;
      case 'G91':
        relative = true;
        break;
      case 'M82':
        st.relativeE = false;
        break;
      case 'M83':
        st.relativeE = true;
        break;
      case 'G92': {
        const e = num(c, 'E');
        if (e !== null) st.e = e;
        for (const axis of ['X', 'Y', 'Z'] as const) {
          const v = num(c, axis);
          if (v !== null) st[axis.toLowerCase() as 'x'] = v;
        }
        break;
      }
      case 'M104':
      case 'M109':
        st.hotend = num(c, 'S') ?? num(c, 'R') ?? st.hotend;
        break;
      case 'M140':
      case 'M190':
        st.bed = num(c, 'S') ?? num(c, 'R') ?? st.bed;
        break;
      case 'M106':
        st.fan = num(c, 'S') ?? 255;
        break;
      case 'M107':
        st.fan = 0;
        break;
      default:
        if (code && /^T\d+$/.test(code)) st.tool = Number(code.slice(1));
    }
  }
  return st;
}

/** Plan a resume after command index `lastAckedIndex` (−1 = nothing acknowledged). */
export function planResume(job: PreparedJob, lastAckedIndex: number, opts: { backOffToLayer?: boolean; startIndex?: number } = {}): ResumePlan {
  let start = opts.startIndex ?? lastAckedIndex + 1;
  if (opts.startIndex === undefined && (opts.backOffToLayer ?? true)) {
    const layer = layerOf(job.layerStarts, lastAckedIndex);
    if (layer !== null) start = job.layerStarts[layer - 1];
  }
  start = Math.max(0, Math.min(start, job.commands.length));
  const st = reconstruct(job.commands, start);
  const lines: string[] = ['; PrintFarm resume', 'M107'];
  if (st.bed > 0) lines.push(`M140 S${st.bed}`);
  if (st.hotend > 0) lines.push(`M104 S${st.hotend}`);
  if (st.bed > 0) lines.push(`M190 S${st.bed}`);
  if (st.hotend > 0) lines.push(`M109 S${st.hotend}`);
  if (st.tool !== null) lines.push(`T${st.tool}`);
  lines.push('G28 X Y', 'G90');
  if (st.z !== null) {
    // Z cannot be homed with a part on the bed: declare where it is, lift clear, travel, then come back down.
    lines.push(`G92 Z${st.z}`, `G1 Z${(st.z + 2).toFixed(3)} F600`);
  }
  if (st.x !== null && st.y !== null) lines.push(`G1 X${st.x} Y${st.y} F6000`);
  if (st.z !== null) lines.push(`G1 Z${st.z} F600`);
  lines.push(st.relativeE ? 'M83' : 'M82', `G92 E${st.relativeE ? 0 : st.e}`);
  if (st.fan > 0) lines.push(`M106 S${st.fan}`);
  if (st.f !== null) lines.push(`G1 F${st.f}`);
  return {
    startIndex: start,
    startLine: job.sourceLine[start] ?? job.sourceLine[job.sourceLine.length - 1] ?? 0,
    layer: layerOf(job.layerStarts, start),
    preamble: lines.join('\n'),
    note:
      'The printer acknowledged up to the saved line, but the host cannot know which buffered moves it executed before the link was lost. ' +
      'Resuming from the start of that layer by default; check the nozzle is clear of the part before starting.',
  };
}
