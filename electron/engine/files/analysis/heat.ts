// Rough heat-up wait model for M109/M190/M116/M191: reported apart from the print time (the file cannot know the
// printer's heater power or start temperature; we assume room temperature and typical heating rates).

const AMBIENT = 25;
/** °C per second: hotends heat fast, beds slowly; cooling is slower still. */
const RATES = { nozzle: { up: 2.5, down: 1 }, bed: { up: 0.6, down: 0.3 }, chamber: { up: 0.1, down: 0.05 } } as const;
type Kind = keyof typeof RATES;

interface Heater {
  kind: Kind;
  temp: number;
  target: number;
  at: number; // print seconds when temp was last updated
}

export class HeatModel {
  seconds = 0;
  waits = 0;
  private readonly heaters = new Map<string, Heater>();

  private heater(key: string, kind: Kind): Heater {
    let h = this.heaters.get(key);
    if (!h) {
      h = { kind, temp: AMBIENT, target: AMBIENT, at: 0 };
      this.heaters.set(key, h);
    }
    return h;
  }

  /** Bring the heater's temperature forward to `now` while it ramps towards its target in the background. */
  private advance(h: Heater, now: number): void {
    const dt = Math.max(0, now - h.at);
    const rate = h.target >= h.temp ? RATES[h.kind].up : RATES[h.kind].down;
    const step = rate * dt;
    h.temp = h.target >= h.temp ? Math.min(h.target, h.temp + step) : Math.max(h.target, h.temp - step);
    h.at = now;
  }

  /** M104/M140/M141 (no wait): set target. */
  set(key: string, kind: Kind, target: number, now: number): void {
    const h = this.heater(key, kind);
    this.advance(h, now);
    h.target = target <= 0 ? AMBIENT : target;
  }

  /** M109/M190/M191: set target and wait. `heatOnly` = S form (Marlin waits only when heating). */
  wait(key: string, kind: Kind, target: number | null, now: number, heatOnly: boolean): void {
    const h = this.heater(key, kind);
    this.advance(h, now);
    if (target !== null) h.target = target <= 0 ? AMBIENT : target;
    this.waits++;
    if (heatOnly && h.target < h.temp) return;
    const rate = h.target >= h.temp ? RATES[kind].up : RATES[kind].down;
    this.seconds += Math.abs(h.target - h.temp) / rate;
    h.temp = h.target;
  }

  /** M116: wait for all heaters. */
  waitAll(now: number): void {
    this.waits++;
    for (const h of this.heaters.values()) {
      this.advance(h, now);
      const rate = h.target >= h.temp ? RATES[h.kind].up : RATES[h.kind].down;
      this.seconds += Math.abs(h.target - h.temp) / rate;
      h.temp = h.target;
    }
  }
}

/**
 * M104/M109/M140/M190/M141/M191/M116 from a parsed line. `now` = motion seconds so far; waits so far are added
 * because heaters keep heating while another one is waited for. `heatOnlyS`: Marlin's M109 S waits only when heating.
 */
export function applyTemperature(
  heat: HeatModel,
  code: number,
  words: { s: number; r: number; t: number },
  motionSeconds: number,
  currentTool: number,
  heatOnlyS: boolean,
): void {
  const now = motionSeconds + heat.seconds;
  const tool = words.t >= 0 ? words.t : currentTool;
  const s = Number.isNaN(words.s) ? null : words.s;
  const r = Number.isNaN(words.r) ? null : words.r;
  const target = s ?? r;
  switch (code) {
    case 104: if (target !== null) heat.set(`T${tool}`, 'nozzle', target, now); return;
    case 140: if (target !== null) heat.set('bed', 'bed', target, now); return;
    case 141: if (target !== null) heat.set('chamber', 'chamber', target, now); return;
    case 109: return heat.wait(`T${tool}`, 'nozzle', target, now, s !== null && heatOnlyS);
    case 190: return heat.wait('bed', 'bed', target, now, s !== null && heatOnlyS);
    case 191: return heat.wait('chamber', 'chamber', target, now, s !== null);
    case 116: return heat.waitAll(now);
  }
}
