// First-order heater model for the virtual printer: temperature relaxes toward target (or ambient) with time constant tau.

export interface HeaterModel {
  actual: number;
  target: number;
  power: number; // 0–127 like Marlin's @: value
}

export const AMBIENT = 22;

export function makeHeater(): HeaterModel {
  return { actual: AMBIENT, target: 0, power: 0 };
}

/** Advance one heater by dtMs; cooling is slower than heating (tau × 3), like a real hotend. */
export function stepHeater(h: HeaterModel, dtMs: number, tauMs: number): void {
  const goal = h.target > 0 ? h.target : AMBIENT;
  const tau = goal >= h.actual ? tauMs : tauMs * 3;
  const k = 1 - Math.exp(-dtMs / Math.max(1, tau));
  h.actual += (goal - h.actual) * k;
  h.power = h.target > 0 ? Math.max(0, Math.min(127, Math.round((h.target - h.actual) * 4 + (h.target > AMBIENT ? 30 : 0)))) : 0;
}

export function heaterReached(h: HeaterModel): boolean {
  return h.target <= 0 || Math.abs(h.actual - h.target) <= 1;
}

/** ` T:25.00 /210.00 B:…` as Marlin's print_heater_states() prints it. */
export function formatHeaters(tools: HeaterModel[], bed: HeaterModel | null, chamber: HeaterModel | null, active = 0): string {
  const f = (n: number) => n.toFixed(2);
  const parts: string[] = [];
  const t0 = tools[active] ?? tools[0];
  if (t0) parts.push(`T:${f(t0.actual)} /${f(t0.target)}`);
  if (tools.length > 1) tools.forEach((t, i) => parts.push(`T${i}:${f(t.actual)} /${f(t.target)}`));
  if (bed) parts.push(`B:${f(bed.actual)} /${f(bed.target)}`);
  if (chamber) parts.push(`C:${f(chamber.actual)} /${f(chamber.target)}`);
  if (t0) parts.push(`@:${t0.power}`);
  if (bed) parts.push(`B@:${bed.power}`);
  if (tools.length > 1) tools.forEach((t, i) => parts.push(`@${i}:${t.power}`));
  return parts.join(' ');
}
