// Folds Marlin replies into the normalized PrinterStatus (temperatures, position, SD progress, faults).
import type { Heater, PrinterStatus } from '../../../shared/contract/printer-status.js';
import type { Reply, Temps } from './protocol.js';

export function applyTemps(st: PrinterStatus, temps: Temps, now: number): void {
  const tools: Heater[] = [...st.tools];
  let sawIndexed = false;
  for (const r of temps.readings) {
    const target = r.target ?? 0;
    if (/^T\d+$/.test(r.sensor)) {
      sawIndexed = true;
      tools[Number(r.sensor.slice(1))] = { actual: r.actual, target };
    } else if (r.sensor === 'B') st.bed = { actual: r.actual, target };
    else if (r.sensor === 'C') st.chamber = { actual: r.actual, target };
  }
  // A bare `T:` is the active tool; multi-tool reports also list T0…Tn, which win.
  const bare = temps.readings.find((r) => r.sensor === 'T');
  if (bare && !sawIndexed) tools[0] = { actual: bare.actual, target: bare.target ?? 0 };
  st.tools = Array.from(tools, (t) => t ?? { actual: 0, target: 0 });
  st.reportedAt = now;
}

/** Apply one parsed reply; returns true when the status changed in a way worth emitting. */
export function applyReply(st: PrinterStatus, r: Reply, now: number): boolean {
  switch (r.kind) {
    case 'ok':
      if (r.temps) applyTemps(st, r.temps, now);
      if (r.position) st.position = { x: r.position.x, y: r.position.y, z: r.position.z, e: r.position.e ?? 0 };
      return Boolean(r.temps || r.position);
    case 'temperature':
      applyTemps(st, r.temps, now);
      return true;
    case 'position':
      st.position = { x: r.position.x, y: r.position.y, z: r.position.z, e: r.position.e ?? 0 };
      st.reportedAt = now;
      return true;
    case 'sd-progress':
      if (st.job && r.size > 0) {
        st.job = { ...st.job, progress: Math.min(100, (100 * r.byte) / r.size), filePosition: r.byte };
        st.reportedAt = now;
        return true;
      }
      return false;
    default:
      return false;
  }
}

export function faultFor(kind: string, message: string): PrinterStatus['faults'][number] {
  const code = /thermal runaway/i.test(message) ? 'thermal-runaway' : /mintemp/i.test(message) ? 'mintemp' : /maxtemp/i.test(message) ? 'maxtemp' : kind;
  return { code, severity: 'fatal', message };
}
