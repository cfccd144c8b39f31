// Kinematic time estimator: a firmware-style block planner (trapezoids, classic jerk or junction deviation, look-ahead
// reverse/forward passes over a block buffer). The jerk/junction model follows what PrusaSlicer's estimator documents
// about Marlin's planner, so our figure is comparable with the slicer's; re-implemented on typed arrays for speed.
// Pass order is Marlin's (reverse, then forward), as in PrusaSlicer ≥ 2.7; PrusaSlicer 2.5 ran them the other way
// round, which lets short accelerating segments reach speeds the firmware cannot (its figure is up to ~1 % lower
// on dense files such as corpus v5).
import { E, X, Y, Z, type MachineLimits } from './limits.js';

export const MOVE_TRAVEL = 0;
export const MOVE_EXTRUDE = 1;
export const MOVE_RETRACT = 2; // E-only, negative
export const MOVE_UNRETRACT = 3; // E-only, positive
export const MOVE_WIPE = 4; // travel with retraction inside ;WIPE_START/;WIPE_END — printed at print acceleration

const CAPACITY = 1100;
/** Plan when this many blocks are buffered, keeping the newest KEEP for look-ahead (like the firmware's queue). */
const REFRESH_THRESHOLD = 1024;
const KEEP = 64;
const PREVIOUS_FEEDRATE_THRESHOLD = 0.0001;
/** Exit speed floor of the last block in the jerk-xy model (mm/s). */
const MINIMUM_PLANNER_SPEED = 0.05;

export class Planner {
  /** Total seconds of the blocks already timed (plus dwells). */
  time = 0;
  /** Current accelerations (M204). */
  acceleration: number;
  retractAcceleration: number;
  travelAcceleration: number;
  /** M221 flow factor applied to the E axis speed (affects E feedrate limiting only). */
  extrudeFactor = 1;
  /** Called once per tag change when blocks are timed: tags are layer indexes of the two layer schemes. */
  onTagTime: ((tagA: number, tagB: number, seconds: number) => void) | null = null;

  private readonly distance = new Float64Array(CAPACITY);
  private readonly accel = new Float64Array(CAPACITY);
  private readonly entry = new Float64Array(CAPACITY);
  private readonly cruise = new Float64Array(CAPACITY);
  private readonly maxEntry = new Float64Array(CAPACITY);
  private readonly safe = new Float64Array(CAPACITY);
  /** Duration of each block's trapezoid, seconds. */
  private readonly seconds = new Float64Array(CAPACITY);
  private readonly nominal = new Uint8Array(CAPACITY);
  private readonly recalc = new Uint8Array(CAPACITY);
  private readonly tagA = new Int32Array(CAPACITY);
  private readonly tagB = new Int32Array(CAPACITY);
  private n = 0;
  private lastTagA = -2;
  private lastTagB = -2;

  private prevFeedrate = 0;
  private prevSafe = 0;
  private readonly prevAxis = new Float64Array(4);
  private readonly prevUnit = new Float64Array(3);
  private readonly axis = new Float64Array(4);

  constructor(readonly limits: MachineLimits) {
    this.acceleration = limits.maxAccelExtruding > 0 ? limits.maxAccelExtruding : 1500;
    this.retractAcceleration = limits.maxAccelRetracting > 0 ? limits.maxAccelRetracting : 1500;
    this.travelAcceleration = limits.maxAccelTravel > 0 ? limits.maxAccelTravel : this.acceleration;
  }

  /** M204 P / S: print acceleration, capped like the firmware caps it. */
  setAcceleration(value: number): void {
    const cap = this.limits.maxAccelExtruding;
    this.acceleration = cap > 0 ? Math.min(value, cap) : value;
  }
  setRetractAcceleration(value: number): void {
    const cap = this.limits.maxAccelRetracting;
    this.retractAcceleration = cap > 0 ? Math.min(value, cap) : value;
  }
  setTravelAcceleration(value: number): void {
    const cap = this.limits.maxAccelTravel;
    this.travelAcceleration = cap > 0 ? Math.min(value, cap) : value;
  }
  private currentTravelAcceleration(): number {
    return this.limits.maxAccelTravel === 0 ? this.acceleration : this.travelAcceleration;
  }

  /** Queue one straight move. `feedrate` in mm/s (already M220-scaled). */
  addMove(dx: number, dy: number, dz: number, de: number, feedrate: number, kind: number, tagA: number, tagB: number): void {
    const input = this.input;
    input[0] = dx;
    input[1] = dy;
    input[2] = dz;
    input[3] = de;
    input[4] = feedrate;
    this.addInput(kind, tagA, tagB);
  }

  /**
   * Hot-path form of addMove: dx, dy, dz, de, feedrate are read from `input`. Passing doubles through a typed array
   * instead of arguments keeps V8 from boxing them on every call (measured: ~1 GB less garbage per 100 MB file).
   */
  readonly input = new Float64Array(5);

  addInput(kind: number, tagA: number, tagB: number): void {
    const L = this.limits;
    const input = this.input;
    const dx = input[0];
    const dy = input[1];
    const dz = input[2];
    const de = input[3];
    const feedrate = input[4];
    let distance = Math.sqrt(dx * dx + dy * dy + dz * dz);
    const extrusionOnly = distance === 0;
    if (extrusionOnly) distance = de < 0 ? -de : de;
    if (distance === 0) return;
    const inv = 1 / distance;

    let feed = de === 0 ? Math.max(feedrate, L.minTravelRate) : Math.max(feedrate, L.minExtrudingRate);
    if (!(feed > 0)) feed = 1; // no F yet: a crawl rather than infinity
    // Per-axis speeds, then the largest slow-down any axis feedrate limit demands (unrolled: this is the hot path).
    const fi = feed * inv;
    let vx = dx * fi;
    let vy = dy * fi;
    let vz = dz * fi;
    let ve = de * fi * this.extrudeFactor;
    const mf = L.maxFeedrate;
    let factor = 1;
    let ax = vx < 0 ? -vx : vx;
    let ay = vy < 0 ? -vy : vy;
    let az = vz < 0 ? -vz : vz;
    let ae = ve < 0 ? -ve : ve;
    if (ax !== 0 && mf[0] !== 0 && mf[0] < ax * factor) factor = mf[0] / ax;
    if (ay !== 0 && mf[1] !== 0 && mf[1] < ay * factor) factor = mf[1] / ay;
    if (az !== 0 && mf[2] !== 0 && mf[2] < az * factor) factor = mf[2] / az;
    if (ae !== 0 && mf[3] !== 0 && mf[3] < ae * factor) factor = mf[3] / ae;
    if (factor < 1) {
      feed *= factor;
      vx *= factor; vy *= factor; vz *= factor; ve *= factor;
      ax *= factor; ay *= factor; az *= factor; ae *= factor;
    }
    const axis = this.axis;
    axis[0] = vx; axis[1] = vy; axis[2] = vz; axis[3] = ve;
    const cruise = feed;

    let acceleration =
      kind === MOVE_TRAVEL ? this.currentTravelAcceleration() : extrusionOnly ? this.retractAcceleration : this.acceleration;
    // An axis whose share of the move would exceed its own acceleration limit caps the whole move.
    const ma = L.maxAxisAccel;
    const shareX = (dx < 0 ? -dx : dx) * inv;
    const shareY = (dy < 0 ? -dy : dy) * inv;
    const shareZ = (dz < 0 ? -dz : dz) * inv;
    const shareE = (de < 0 ? -de : de) * inv;
    if (ma[0] > 0 && acceleration * shareX > ma[0]) acceleration = ma[0] / shareX;
    if (ma[1] > 0 && acceleration * shareY > ma[1]) acceleration = ma[1] / shareY;
    if (ma[2] > 0 && acceleration * shareZ > ma[2]) acceleration = ma[2] / shareZ;
    if (ma[3] > 0 && acceleration * shareE > ma[3]) acceleration = ma[3] / shareE;

    const J = L.jerk;
    let safe = cruise;
    if (ax > J[0] && J[0] < safe) safe = J[0];
    if (ay > J[1] && J[1] < safe) safe = J[1];
    if (az > J[2] && J[2] < safe) safe = J[2];
    if (ae > J[3] && J[3] < safe) safe = J[3];

    let vmaxJunction = safe;
    let exitFloor = safe;
    if (L.junctionModel === 'jerk-xy') {
      // Marlin 1.0 / Sprinter (and Cura's estimator): one combined XY jerk, half of it as the safe start speed.
      const J = L.jerk;
      safe = J[X] / 2;
      if (Math.abs(axis[Z]) > J[Z] / 2) safe = Math.min(safe, J[Z] / 2);
      if (Math.abs(axis[E]) > J[E] / 2) safe = Math.min(safe, J[E] / 2);
      safe = Math.min(safe, cruise);
      vmaxJunction = safe;
      exitFloor = MINIMUM_PLANNER_SPEED;
      if (this.n > 0 && this.prevFeedrate > PREVIOUS_FEEDRATE_THRESHOLD) {
        this.xyJerkJunctionSpeed(cruise);
        vmaxJunction = this.scratch[0];
      }
    } else if (this.n > 0 && this.prevFeedrate > PREVIOUS_FEEDRATE_THRESHOLD) {
      if (L.junctionModel === 'junction-deviation' && L.junctionDeviation !== null && !extrusionOnly) {
        vmaxJunction = this.junctionDeviationSpeed(cruise, acceleration, dx * inv, dy * inv, dz * inv, safe);
      } else {
        // Classic jerk, inlined (hot path): the largest junction speed at which no axis changes speed by more than
        // its jerk; coasting costs the difference, a reversal the larger magnitude.
        const pa = this.prevAxis;
        const prevFeed = this.prevFeedrate;
        const prevLarger = prevFeed > cruise;
        const smaller = prevLarger ? cruise / prevFeed : 1;
        let vmax = prevLarger ? cruise : prevFeed;
        let f = 1;
        let limited = false;
        let vExit = pa[0] * smaller;
        let vEntry = vx;
        let jerk = vExit > vEntry ? (vEntry > 0 || vExit < 0 ? vExit - vEntry : Math.max(vExit, -vEntry)) : vEntry < 0 || vExit > 0 ? vEntry - vExit : Math.max(-vExit, vEntry);
        if (jerk > J[0]) {
          f = J[0] / jerk;
          limited = true;
        }
        vExit = pa[1] * smaller * f;
        vEntry = vy * f;
        jerk = vExit > vEntry ? (vEntry > 0 || vExit < 0 ? vExit - vEntry : Math.max(vExit, -vEntry)) : vEntry < 0 || vExit > 0 ? vEntry - vExit : Math.max(-vExit, vEntry);
        if (jerk > J[1]) {
          f *= J[1] / jerk;
          limited = true;
        }
        vExit = pa[2] * smaller * f;
        vEntry = vz * f;
        jerk = vExit > vEntry ? (vEntry > 0 || vExit < 0 ? vExit - vEntry : Math.max(vExit, -vEntry)) : vEntry < 0 || vExit > 0 ? vEntry - vExit : Math.max(-vExit, vEntry);
        if (jerk > J[2]) {
          f *= J[2] / jerk;
          limited = true;
        }
        vExit = pa[3] * smaller * f;
        vEntry = ve * f;
        jerk = vExit > vEntry ? (vEntry > 0 || vExit < 0 ? vExit - vEntry : Math.max(vExit, -vEntry)) : vEntry < 0 || vExit > 0 ? vEntry - vExit : Math.max(-vExit, vEntry);
        if (jerk > J[3]) {
          f *= J[3] / jerk;
          limited = true;
        }
        if (limited) vmax *= f;
        // Not coasting: both segments may start/stop at their own safe speed, which can be faster.
        const threshold = vmax * 0.99;
        if (this.prevSafe > threshold && safe > threshold) vmax = safe;
        vmaxJunction = vmax;
      }
    }

    const vAllowable = Math.sqrt(exitFloor * exitFloor + 2 * acceleration * distance);
    const i = this.n++;
    this.distance[i] = distance;
    this.accel[i] = acceleration;
    this.cruise[i] = cruise;
    this.safe[i] = exitFloor;
    this.entry[i] = Math.min(vmaxJunction, vAllowable);
    this.maxEntry[i] = vmaxJunction;
    this.nominal[i] = cruise <= vAllowable ? 1 : 0;
    this.recalc[i] = 1;
    this.tagA[i] = tagA;
    this.tagB[i] = tagB;

    this.prevFeedrate = cruise;
    this.prevSafe = safe;
    const pa = this.prevAxis;
    pa[0] = vx; pa[1] = vy; pa[2] = vz; pa[3] = ve;
    if (!extrusionOnly) {
      this.prevUnit[0] = dx * inv;
      this.prevUnit[1] = dy * inv;
      this.prevUnit[2] = dz * inv;
    }
    if (this.n > REFRESH_THRESHOLD) this.plan(KEEP);
  }

  private readonly scratch = new Float64Array(2);

  /** Combined-XY jerk junction (Marlin 1.0 era): scale the new nominal speed so the XY velocity change ≤ jerk. */
  private xyJerkJunctionSpeed(cruise: number): void {
    const J = this.limits.jerk;
    const a = this.axis;
    const p = this.prevAxis;
    const xy = Math.hypot(a[X] - p[X], a[Y] - p[Y]);
    let factor = 1;
    if (xy > J[X]) factor = J[X] / xy;
    const dz = Math.abs(a[Z] - p[Z]);
    if (dz > J[Z]) factor = Math.min(factor, J[Z] / dz);
    const de = Math.abs(a[E] - p[E]);
    if (de > J[E]) factor = Math.min(factor, J[E] / de);
    this.scratch[0] = Math.min(this.prevFeedrate, cruise * factor);
  }

  /** Marlin junction deviation: centripetal limit on the arc inscribed in the corner. */
  private junctionDeviationSpeed(cruise: number, accel: number, ux: number, uy: number, uz: number, safe: number): number {
    const pu = this.prevUnit;
    const cosTheta = -(pu[0] * ux + pu[1] * uy + pu[2] * uz);
    const limit = Math.min(cruise, this.prevFeedrate);
    if (cosTheta > 0.999999) return Math.min(safe, limit); // full reversal
    if (cosTheta < -0.999999) return limit; // straight line
    const sinHalf = Math.sqrt(0.5 * (1 - cosTheta));
    const v = Math.sqrt((accel * (this.limits.junctionDeviation ?? 0) * sinHalf) / (1 - sinHalf));
    return Math.min(limit, Math.max(v, Math.min(safe, limit)));
  }

  /**
   * Seconds of one stand-alone E-only move (firmware retraction): a trapezoid from and to the E jerk speed at the
   * retract acceleration, capped by the E feedrate limit. Not queued, so it does not change the planned moves.
   */
  isolatedMoveSeconds(length: number, feedrate: number, extruderOnly: boolean): number {
    const L = this.limits;
    const axis = extruderOnly ? E : X;
    let v = feedrate;
    if (L.maxFeedrate[axis] > 0) v = Math.min(v, L.maxFeedrate[axis]);
    let a = extruderOnly ? this.retractAcceleration : this.acceleration;
    if (L.maxAxisAccel[axis] > 0) a = Math.min(a, L.maxAxisAccel[axis]);
    if (!(v > 0) || !(a > 0) || !(length > 0)) return 0;
    const v0 = Math.min(v, L.jerk[axis]);
    const rampD = (v * v - v0 * v0) / (2 * a);
    if (2 * rampD <= length) return (2 * (v - v0)) / a + (length - 2 * rampD) / v;
    const peak = Math.sqrt(v0 * v0 + a * length);
    return (2 * (peak - v0)) / a;
  }

  /** Wait for the queue to drain (G4, tool change) and add `extraSeconds`. */
  synchronize(extraSeconds = 0): void {
    this.plan(0);
    this.time += extraSeconds;
  }

  /** Forward + reverse passes over the buffer, recompute trapezoids, time all but the newest `keep` blocks. */
  private plan(keep: number): void {
    const n = this.n;
    if (n === 0) return;
    const entry = this.entry;
    const recalc = this.recalc;
    // Marlin's order (also PrusaSlicer's and Cura's estimators): reverse, then forward — the forward pass last
    // guarantees every block can really accelerate to the entry speed it is given.
    this.reversePass(n);
    this.forwardPass(n);
    for (let i = 0; i + 1 < n; i++) {
      if (recalc[i] || recalc[i + 1]) {
        this.trapezoid(i, entry[i + 1]);
        recalc[i] = 0;
      }
    }
    this.trapezoid(n - 1, this.safe[n - 1]);
    recalc[n - 1] = 0;

    const done = n - keep;
    for (let i = 0; i < done; i++) {
      const a = this.tagA[i];
      const b = this.tagB[i];
      if (a !== this.lastTagA || b !== this.lastTagB) {
        this.lastTagA = a;
        this.lastTagB = b;
        this.onTagTime?.(a, b, this.time);
      }
      this.time += this.seconds[i];
    }
    if (done > 0 && keep > 0) {
      for (const arr of [this.distance, this.accel, this.entry, this.cruise, this.maxEntry, this.safe, this.seconds]) {
        arr.copyWithin(0, done, n);
      }
      this.nominal.copyWithin(0, done, n);
      this.recalc.copyWithin(0, done, n);
      this.tagA.copyWithin(0, done, n);
      this.tagB.copyWithin(0, done, n);
    }
    this.n = keep;
  }

  private forwardPass(n: number): void {
    const { entry, distance, accel, nominal, recalc } = this;
    for (let i = 0; i + 1 < n; i++) {
      // Forward: an accelerating block too short to reach the next entry speed caps it.
      if (!nominal[i] && entry[i] < entry[i + 1]) {
        const reachable = Math.sqrt(entry[i] * entry[i] + 2 * accel[i] * distance[i]);
        const speed = Math.min(entry[i + 1], reachable);
        if (entry[i + 1] !== speed) {
          entry[i + 1] = speed;
          recalc[i + 1] = 1;
        }
      }
    }
  }

  private reversePass(n: number): void {
    const { entry, maxEntry, distance, accel, nominal, recalc } = this;
    for (let i = n - 1; i > 0; i--) {
      // Reverse: each block must be able to decelerate to the next block's entry speed. A block that can brake
      // from its nominal speed to zero within its length (nominal) always keeps its maximum entry speed.
      const c = i - 1;
      if (entry[c] !== maxEntry[c] || recalc[i]) {
        const speed = nominal[c] ? maxEntry[c] : Math.min(maxEntry[c], Math.sqrt(entry[i] * entry[i] + 2 * accel[c] * distance[c]));
        if (entry[c] !== speed) {
          entry[c] = speed;
          recalc[c] = 1;
        }
      }
    }
  }

  /**
   * Trapezoid of block i from its entry speed to `exit`, stored directly as seconds: accelerate to cruise (or, if
   * the block is too short, to the point where braking to `exit` must begin), cruise, brake.
   */
  private trapezoid(i: number, exit: number): void {
    const a = this.accel[i];
    const d = this.distance[i];
    const v0 = this.entry[i];
    const vc = this.cruise[i];
    if (a === 0) {
      this.seconds[i] = vc !== 0 ? d / vc : 0;
      return;
    }
    const accelD = Math.max(0, (vc * vc - v0 * v0) / (2 * a));
    const decelD = Math.max(0, (vc * vc - exit * exit) / (2 * a));
    const cruiseD = d - accelD - decelD;
    if (cruiseD >= 0) {
      // Both ramps reach their target speed exactly, so their times need no square roots.
      this.seconds[i] = (accelD > 0 ? (vc - v0) / a : 0) + (decelD > 0 ? (vc - exit) / a : 0) + (vc !== 0 ? cruiseD / vc : 0);
      return;
    }
    const up = Math.min(d, Math.max(0, (2 * a * d - v0 * v0 + exit * exit) / (4 * a)));
    const peak = Math.sqrt(Math.max(0, v0 * v0 + 2 * a * up));
    const end = Math.sqrt(Math.max(0, peak * peak - 2 * a * (d - up)));
    this.seconds[i] = (peak - v0) / a + (peak - end) / a;
  }
}
