// Motion planner of the virtual printer: a ring of blocks executed at their feed rate, with acceleration from rest,
// and the starvation counter (time the planner sat empty between moves while more moves followed).

export interface MachineState {
  x: number;
  y: number;
  z: number;
  e: number;
  f: number; // mm/min
  relative: boolean;
  relativeE: boolean;
  speedFactor: number; // M220 %
}

export interface Block {
  remainingMs: number;
}

export class Planner {
  readonly blocks: Block[] = [];
  /** Sim time at which the planner last ran dry after executing a block; null while busy or after a deliberate drain. */
  private emptySince: number | null = null;
  starvationMs = 0;
  starvationEvents = 0;
  movesExecuted = 0;
  /** Sum of the durations of all planned blocks: the time the file needs at its feed rates. */
  plannedMs = 0;

  constructor(
    readonly capacity: number,
    private readonly accel: number, // mm/s²
    private readonly speedMultiplier: number,
  ) {}

  get free(): number {
    return this.capacity - this.blocks.length;
  }
  get empty(): boolean {
    return this.blocks.length === 0;
  }

  /** Queue a move of `distance` mm at `feed` mm/min; returns false when full (the G1 blocks, ok is delayed). */
  push(distance: number, feedMmMin: number, speedFactor: number, now: number): boolean {
    if (this.blocks.length >= this.capacity) return false;
    const v = Math.max(0.1, (feedMmMin / 60) * speedFactor * this.speedMultiplier);
    let ms: number;
    if (this.blocks.length === 0) {
      // Starting from rest: accelerate (the lookahead gives junction speed to the rest).
      const dAcc = (v * v) / (2 * this.accel);
      ms = distance >= dAcc ? (v / this.accel + (distance - dAcc) / v) * 1000 : Math.sqrt((2 * distance) / this.accel) * 1000;
      if (this.emptySince !== null) {
        this.starvationMs += now - this.emptySince;
        this.starvationEvents++;
        this.emptySince = null;
      }
    } else {
      ms = (distance / v) * 1000;
    }
    this.plannedMs += ms;
    this.blocks.push({ remainingMs: Math.max(0.001, ms) });
    return true;
  }

  /** A deliberate drain (M400, G4, G28, M109…) is not starvation. */
  forgiveDrain(): void {
    this.emptySince = null;
  }

  /** Execute for dtMs of sim time ending at `now`. */
  advance(dtMs: number, now: number): void {
    let left = dtMs;
    while (left > 0 && this.blocks.length) {
      const head = this.blocks[0];
      if (head.remainingMs <= left) {
        left -= head.remainingMs;
        this.blocks.shift();
        this.movesExecuted++;
        if (this.blocks.length === 0) this.emptySince = now - left;
      } else {
        head.remainingMs -= left;
        left = 0;
      }
    }
  }

  /** M410 quick stop / kill: drop everything. */
  clear(): void {
    this.blocks.length = 0;
    this.emptySince = null;
  }
}

/** Word values of a G-code command: `G1 X1.5 F3000` → { G: 1, X: 1.5, F: 3000 }. */
export function words(cmd: string): Record<string, number> {
  const out: Record<string, number> = {};
  const re = /([A-Za-z])\s*(-?\d*\.?\d+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(cmd))) {
    const k = m[1].toUpperCase();
    if (!(k in out)) out[k] = Number(m[2]);
  }
  return out;
}

/** Apply a G0–G3 to the machine state; returns the XYZ(E) distance to plan. */
export function applyMove(state: MachineState, w: Record<string, number>): number {
  const nx = w.X !== undefined ? (state.relative ? state.x + w.X : w.X) : state.x;
  const ny = w.Y !== undefined ? (state.relative ? state.y + w.Y : w.Y) : state.y;
  const nz = w.Z !== undefined ? (state.relative ? state.z + w.Z : w.Z) : state.z;
  const ne = w.E !== undefined ? (state.relative || state.relativeE ? state.e + w.E : w.E) : state.e;
  if (w.F !== undefined && w.F > 0) state.f = w.F;
  const dxyz = Math.hypot(nx - state.x, ny - state.y, nz - state.z);
  const de = Math.abs(ne - state.e);
  state.x = nx;
  state.y = ny;
  state.z = nz;
  state.e = ne;
  return dxyz > 0 ? dxyz : de;
}
