// Firmware settings the file changes while it prints: M201/M203/M204/M205 limits (Marlin mm/s, RRF mm/min),
// M566 RRF jerk, M207/M208 firmware retraction, M220 feed override, M221 flow, Klipper SET_VELOCITY_LIMIT.
import type { GcodeFlavor } from '../../../shared/contract/gcode-analysis.js';
import { E, X, Y, Z } from './limits.js';
import type { Planner } from './planner.js';
import { PB, PE, PF, PJ, PP, PR, PS, PT, PX, PY, PZ, type Params } from './params.js';

const AXES: readonly [number, number][] = [[PX, X], [PY, Y], [PZ, Z], [PE, E]];

/** Klipper's cornering: junction deviation equivalent of a square corner velocity at a given acceleration. */
export function klipperJunctionDeviation(squareCornerVelocity: number, accel: number): number {
  return (squareCornerVelocity * squareCornerVelocity * (Math.SQRT2 - 1)) / accel;
}

export class FirmwareSettings {
  /** M220 feed-rate override applied to F words (as PrusaSlicer's estimator does). */
  feedMultiply = 1;
  private feedSaved = 1;
  /** M207/M208 (mm, mm/s). */
  retractLength: number;
  retractFeed: number;
  recoverExtra = 0;
  recoverFeed: number;
  private sawJerkXY = false;
  private sawJunction: number | null = null;
  private klipperScv = 5;

  constructor(
    private readonly planner: Planner,
    private readonly flavor: GcodeFlavor,
    retract: { length: number; speed: number },
  ) {
    this.retractLength = retract.length;
    this.retractFeed = retract.speed;
    this.recoverFeed = retract.speed;
  }

  /** Apply an M-code if it is one of ours; false when it is not a setting. */
  apply(code: number, p: Params): boolean {
    const pl = this.planner;
    const lim = pl.limits;
    switch (code) {
      case 201:
        for (const [s, axis] of AXES) if (p.positive(s)) lim.maxAxisAccel[axis] = p.v[s];
        lim.source = 'file';
        return true;
      case 203: {
        // RRF: mm/min. Without a known flavour, X/Y above 2000 can only be mm/min (no printer moves 2 m/s).
        const xy = Math.max(p.num(PX) || 0, p.num(PY) || 0);
        const rrf = this.flavor === 'reprapfirmware' || (this.flavor === 'unknown' && xy > 2000);
        const factor = rrf ? 1 / 60 : 1;
        for (const [s, axis] of AXES) if (p.positive(s)) lim.maxFeedrate[axis] = p.v[s] * factor;
        lim.source = 'file';
        return true;
      }
      case 204:
        if (p.positive(PS)) {
          // Legacy form: S = print and travel acceleration, T = retract.
          pl.setAcceleration(p.v[PS]);
          pl.setTravelAcceleration(p.v[PS]);
          if (p.positive(PT)) pl.setRetractAcceleration(p.v[PT]);
        } else {
          if (p.positive(PP)) pl.setAcceleration(p.v[PP]);
          if (p.positive(PR)) pl.setRetractAcceleration(p.v[PR]);
          if (p.positive(PT)) pl.setTravelAcceleration(p.v[PT]);
        }
        return true;
      case 205:
        for (const [s, axis] of AXES) if (p.has(s) && p.v[s] >= 0) lim.jerk[axis] = p.v[s];
        if (p.has(PX) || p.has(PY)) this.sawJerkXY = true;
        if (p.has(PS) && p.v[PS] >= 0) lim.minExtrudingRate = p.v[PS];
        if (p.has(PT) && p.v[PT] >= 0) lim.minTravelRate = p.v[PT];
        if (p.positive(PJ)) this.sawJunction = p.v[PJ];
        // Marlin 2 with junction deviation accepts M205 J; classic jerk (X/Y) wins when both appear.
        if (this.sawJerkXY) {
          if (lim.junctionModel === 'junction-deviation') lim.junctionModel = 'jerk';
        } else if (this.sawJunction !== null) {
          lim.junctionDeviation = this.sawJunction;
          lim.junctionModel = 'junction-deviation';
        }
        lim.source = 'file';
        return true;
      case 566: // RRF jerk, mm/min
        for (const [s, axis] of AXES) if (p.has(s) && p.v[s] >= 0) lim.jerk[axis] = p.v[s] / 60;
        lim.source = 'file';
        return true;
      case 207:
        if (p.has(PS) && p.v[PS] >= 0) this.retractLength = p.v[PS];
        if (p.positive(PF)) this.retractFeed = p.v[PF] / 60;
        if (p.has(PR)) this.recoverExtra = p.v[PR] || 0; // RRF extra unretract
        if (p.positive(PT)) this.recoverFeed = p.v[PT] / 60; // RRF unretract speed
        else if (p.positive(PF) && this.flavor === 'reprapfirmware') this.recoverFeed = p.v[PF] / 60;
        return true;
      case 208:
        if (p.has(PS)) this.recoverExtra = p.v[PS] || 0;
        if (p.positive(PF)) this.recoverFeed = p.v[PF] / 60;
        return true;
      case 220:
        if (p.has(PB)) this.feedSaved = this.feedMultiply;
        if (p.positive(PS)) this.feedMultiply = p.v[PS] / 100;
        if (p.has(PR)) this.feedMultiply = this.feedSaved;
        return true;
      case 221:
        if (p.positive(PS)) pl.extrudeFactor = p.v[PS] / 100;
        return true;
      default:
        return false;
    }
  }

  /** Klipper `SET_VELOCITY_LIMIT VELOCITY=300 ACCEL=5000 SQUARE_CORNER_VELOCITY=5` (Orca/Prusa emit it for Klipper). */
  klipperVelocityLimit(text: string): void {
    const value = (key: string) => {
      const m = new RegExp(`\\b${key}=(-?[\\d.]+)`, 'i').exec(text);
      const n = m ? Number(m[1]) : NaN;
      return Number.isFinite(n) && n > 0 ? n : null;
    };
    const pl = this.planner;
    const lim = pl.limits;
    const velocity = value('VELOCITY');
    if (velocity !== null) {
      lim.maxFeedrate[X] = velocity;
      lim.maxFeedrate[Y] = velocity;
    }
    const accel = value('ACCEL');
    if (accel !== null) {
      lim.maxAccelExtruding = accel;
      lim.maxAccelTravel = accel;
      lim.maxAxisAccel[X] = Math.max(lim.maxAxisAccel[X], accel);
      lim.maxAxisAccel[Y] = Math.max(lim.maxAxisAccel[Y], accel);
      pl.setAcceleration(accel);
      pl.setTravelAcceleration(accel);
    }
    const scv = value('SQUARE_CORNER_VELOCITY') ?? this.klipperScv;
    this.klipperScv = scv;
    lim.junctionModel = 'junction-deviation';
    lim.junctionDeviation = klipperJunctionDeviation(scv, accel ?? pl.acceleration);
    lim.source = 'file';
  }
}
