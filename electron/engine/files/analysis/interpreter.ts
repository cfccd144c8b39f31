// The G-code state machine of the analysis pass: positions and modes, moves into the planner, filament, bbox,
// layers, tool changes, dwells, heat waits and firmware limits — all parsed from Buffer bytes without strings.
import type { GcodeFlavor } from '../../../shared/contract/gcode-analysis.js';
import { ascii, latin1, numberEnd, parseNumber, parseUint, skipBlanks, startsWith } from './bytes.js';
import type { LineSink } from './line-scanner.js';
import { E, X, Y, Z } from './limits.js';
import { MOVE_EXTRUDE, MOVE_RETRACT, MOVE_TRAVEL, MOVE_UNRETRACT, MOVE_WIPE, Planner } from './planner.js';
import { LayerIndex, type MachineSnapshot } from './layer-index.js';
import { HeatModel } from './heat.js';
import { MetadataCollector } from './metadata.js';
import { ThumbnailCollector } from './thumbnails.js';
import { parseExcludeObjectDefine, parseM486, parsePrintingObject } from './labels.js';
import { arcSegments } from './arc.js';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];
const L = (c: string) => c.charCodeAt(0) - 65; // parameter slot of a letter
const PX = L('X'), PY = L('Y'), PZ = L('Z'), PE = L('E'), PF = L('F'), PS = L('S'), PP = L('P'), PR = L('R'), PT = L('T');
const PI = L('I'), PJ = L('J'), PB = L('B'), PL = L('L');

const C_LAYER_CHANGE = ascii(';LAYER_CHANGE');
const C_LAYER = ascii(';LAYER:');
const C_Z = ascii(';Z:');
const C_HEIGHT = ascii(';HEIGHT:');
const C_WIPE_START = ascii(';WIPE_START');
const C_WIPE_END = ascii(';WIPE_END');
const C_TYPE = ascii(';TYPE:');
const C_WIDTH = ascii(';WIDTH:');
const C_TYPE_CUSTOM = ascii(';TYPE:Custom');
const S_CP_TOOLCHANGE = ascii('; CP TOOLCHANGE ');
const W_UNLOAD = ascii('UNLOAD');
const W_LOAD = ascii('LOAD');
const W_WIPE = ascii('WIPE');
const W_END = ascii('END');
const C_MESH = ascii(';MESH:');
const S_THUMB = ascii('; thumbnail');
const S_THUMB_UPPER = ascii('; THUMBNAIL');
const S_PRINTING = ascii('; printing object');
const S_STOP = ascii('; stop printing');
const S_CHANGE_LAYER = ascii('; CHANGE_LAYER');
const S_Z_HEIGHT = ascii('; Z_HEIGHT:');
const S_LAYER_HEIGHT = ascii('; LAYER_HEIGHT:');
const S_FEATURE = ascii('; FEATURE:');
const S_LINE_WIDTH = ascii('; LINE_WIDTH:');
const EXCLUDE_DEFINE = ascii('EXCLUDE_OBJECT_DEFINE');
const SET_VELOCITY_LIMIT = ascii('SET_VELOCITY_LIMIT');

/** Klipper's cornering: junction deviation equivalent of a square corner velocity at a given acceleration. */
export function klipperJunctionDeviation(squareCornerVelocity: number, accel: number): number {
  return (squareCornerVelocity * squareCornerVelocity * (Math.SQRT2 - 1)) / accel;
}
/** Compact ";KEY:" comments worth keeping (Cura header and friends). */
const COMPACT_KEYS = ['TIME:', 'Filament used:', 'Layer height:', 'LAYER_COUNT:', 'MINX:', 'MINY:', 'MINZ:', 'MAXX:', 'MAXY:', 'MAXZ:', 'FLAVOR:', 'Generated with', 'Filament diameter'].map((k) => ascii(';' + k));

export interface InterpreterOptions {
  flavor: GcodeFlavor;
  /** seconds per tool change from the slicer config (MMU load + unload). */
  toolChangeSeconds: number;
  /** Default firmware-retraction length/speed when the file has no M207 (slicer config retract_length/speed). */
  retractLength: number;
  retractSpeed: number;
}

export class Interpreter implements LineSink, MachineSnapshot {
  // machine state (logical coordinates; offset = physical − logical after G92)
  x = 0; y = 0; z = 0; e = 0;
  private ox = 0; private oy = 0; private oz = 0;
  relXyz = false;
  relE = false;
  get relativeXyz(): boolean {
    return this.relXyz;
  }
  get relativeE(): boolean {
    return this.relE;
  }
  tool = 0;
  private feedrate = 0; // mm/s
  private feedMultiply = 1;
  private feedSaved = 1;
  private inches = false;
  private wiping = false;
  private fwRetracted = false;
  private fwRetractLength: number;
  private fwRetractFeed: number;
  private fwRecoverExtra = 0;
  private fwRecoverFeed: number;
  private sawJerkXY = false;
  private sawJunction: number | null = null;

  // results
  /** Filament of the print itself (slicer-comparable: custom start/end G-code and MMU load/cooling moves excluded). */
  readonly filament: number[] = [0];
  /** Every extruding move, for files without slicer markers. */
  readonly filamentAll: number[] = [0];
  /** 0 before the print, 1 printing, 2 custom G-code, 3 MMU ramming, 4 MMU unload/cooling/load (not consumed). */
  private role = 0;
  sawRoles = false;
  readonly toolsUsed = new Set<number>();
  toolChanges = 0;
  moves = 0;
  dwellSeconds = 0;
  lastOffset = 0;
  readonly min = [Infinity, Infinity, Infinity];
  readonly max = [-Infinity, -Infinity, -Infinity];
  readonly printMin = [Infinity, Infinity, Infinity];
  readonly printMax = [-Infinity, -Infinity, -Infinity];
  readonly layers = new LayerIndex();
  readonly heat = new HeatModel();
  readonly meta = new MetadataCollector();
  readonly thumbs = new ThumbnailCollector();
  readonly warnings: string[] = [];

  // parameter scratch
  private readonly pv = new Float64Array(26);
  private readonly pset = new Int32Array(26);
  private gen = 0;

  constructor(readonly planner: Planner, private options: InterpreterOptions) {
    this.fwRetractLength = options.retractLength;
    this.fwRetractFeed = options.retractSpeed;
    this.fwRecoverFeed = options.retractSpeed;
    planner.onTagTime = (a, b, t) => this.layers.timeAt(a, b, t);
  }

  snapshot(): MachineSnapshot {
    return { x: this.x, y: this.y, z: this.z, e: this.e, relativeXyz: this.relXyz, relativeE: this.relE, tool: this.tool };
  }

  get flavor(): GcodeFlavor {
    return this.options.flavor;
  }

  line(buf: Buffer, start: number, end: number, offset: number): void {
    if (offset === 0 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3; // UTF-8 BOM
    // Fast path for the line that makes up most of every file: "G1 " / "G0 " at column 0.
    if (buf[start] === 71 && start + 2 < end && buf[start + 2] === 32) {
      const d = buf[start + 1];
      if (d === 49 || d === 48) {
        this.lastOffset = offset;
        return this.linearFast(buf, start + 3, end, offset);
      }
    }
    let p = skipBlanks(buf, start, end);
    if (p >= end) return;
    let c = buf[p];
    if (c === 59) return this.comment(buf, p, end, offset);
    if (c === 78 || c === 110) {
      // N123 line numbers (host-streamed files)
      parseUint(buf, p + 1, end);
      p = skipBlanks(buf, numberEnd, end);
      c = buf[p];
    }
    c &= 0xdf;
    if (c === 71) {
      const code = parseUint(buf, p + 1, end);
      const q = numberEnd;
      if (q < end && buf[q] === 46) return; // G29.1 etc.: sub-codes we do not model
      this.lastOffset = offset;
      switch (code) {
        case 0:
        case 1:
          return this.linearFast(buf, q, end, offset);
        case 2:
        case 3:
          this.params(buf, q, end);
          return this.arc(code === 2, offset);
        case 4:
          this.params(buf, q, end);
          return this.dwell();
        case 10:
        case 11:
          this.params(buf, q, end);
          return this.firmwareRetract(code === 10);
        case 20:
          this.inches = true;
          return;
        case 21:
          this.inches = false;
          return;
        case 28:
          this.params(buf, q, end);
          return this.home(offset);
        case 90:
          this.relXyz = false;
          return;
        case 91:
          this.relXyz = true;
          return;
        case 92:
          this.params(buf, q, end);
          return this.setPosition();
        default:
          return;
      }
    }
    if (c === 77) {
      const code = parseUint(buf, p + 1, end);
      const q = numberEnd;
      if (q < end && buf[q] === 46) return; // M862.3 etc.
      return this.mcode(code, buf, q, end, start);
    }
    if (c === 84) {
      const tool = parseUint(buf, p + 1, end);
      if (tool >= 0) this.toolChange(tool);
      return;
    }
    if (c === 83 && startsWith(buf, p, end, SET_VELOCITY_LIMIT)) return this.klipperVelocityLimit(latin1(buf, p, end));
    if (c === 69 && startsWith(buf, p, end, EXCLUDE_DEFINE)) {
      const label = parseExcludeObjectDefine(latin1(buf, p, end));
      if (label) this.meta.addObject(label);
    }
  }

  private has(slot: number): boolean {
    return this.pset[slot] === this.gen;
  }

  /** Parse "X1.2 Y3 E.5 F1800" into the scratch slots (stops at ';' or '*'). */
  private params(buf: Buffer, p: number, end: number): void {
    const gen = ++this.gen;
    const pv = this.pv;
    const pset = this.pset;
    while (p < end) {
      const c = buf[p];
      if (c === 59 || c === 42) break;
      if (c === 34) {
        // quoted string (M486 A"name"): skip it
        p++;
        while (p < end && buf[p] !== 34) p++;
        p++;
        continue;
      }
      const u = (c & 0xdf) - 65;
      if (u >= 0 && u < 26) {
        const v = parseNumber(buf, p + 1, end);
        pv[u] = v === Infinity || v === -Infinity ? NaN : v;
        pset[u] = gen;
        p = numberEnd > p + 1 ? numberEnd : p + 1;
      } else p++;
    }
  }

  private axisTarget(slot: number, current: number): number {
    if (this.pset[slot] !== this.gen) return current;
    const v = this.pv[slot];
    if (v !== v) return current; // NaN: letter without a number
    const mm = this.inches ? v * 25.4 : v;
    return this.relXyz ? current + mm : mm;
  }

  private setFeed(): void {
    if (this.pset[PF] === this.gen) {
      const f = this.pv[PF];
      if (f > 0) this.feedrate = (f / 60) * this.feedMultiply * (this.inches ? 25.4 : 1);
    }
  }

  /** G0/G1, the hot path: parse X/Y/Z/E/F straight into locals (no parameter table). */
  private linearFast(buf: Buffer, p: number, end: number, offset: number): void {
    let x = NaN, y = NaN, z = NaN, e = NaN, f = NaN;
    while (p < end) {
      const c = buf[p];
      if (c === 59 /* ; */ || c === 42 /* * */) break;
      const letter = c | 0x20; // lower-case
      if (letter !== 120 && letter !== 121 && letter !== 122 && letter !== 101 && letter !== 102) {
        p++;
        continue;
      }
      // Inline decimal parse (a non-inlined call returning a double would box it on the heap).
      let i = p + 1;
      let negative = false;
      const b = i < end ? buf[i] : 0;
      if (b === 45) { negative = true; i++; } else if (b === 43) i++;
      let mantissa = 0;
      let digits = 0;
      let scale = 0;
      for (; i < end; i++) {
        const d = buf[i] - 48;
        if (d < 0 || d > 9) break;
        mantissa = mantissa * 10 + d;
        digits++;
      }
      if (i < end && buf[i] === 46) {
        for (i++; i < end; i++) {
          const d = buf[i] - 48;
          if (d < 0 || d > 9) break;
          mantissa = mantissa * 10 + d;
          digits++;
          scale++;
        }
      }
      let v: number;
      if (digits === 0) v = NaN;
      else if (digits > 15 || scale > 15) {
        v = parseNumber(buf, p + 1, end); // rare: exact slow path
        if (v === Infinity || v === -Infinity) v = NaN; // absurd literals are ignored, not propagated
      }
      else {
        v = scale > 0 ? mantissa / POW10[scale] : mantissa;
        if (negative) v = -v;
      }
      p = i > p + 1 ? i : p + 1;
      if (letter === 120) x = v;
      else if (letter === 121) y = v;
      else if (letter === 122) z = v;
      else if (letter === 101) e = v;
      else f = v;
    }
    const scale = this.inches ? 25.4 : 1;
    if (f > 0) this.feedrate = (f / 60) * this.feedMultiply * scale;
    const rel = this.relXyz;
    const t = this.tgt;
    t[0] = x === x ? (rel ? this.x + x * scale : x * scale) : this.x;
    t[1] = y === y ? (rel ? this.y + y * scale : y * scale) : this.y;
    t[2] = z === z ? (rel ? this.z + z * scale : z * scale) : this.z;
    t[3] = e === e ? (this.relE || rel ? this.e + e * scale : e * scale) : this.e;
    this.moveTo(offset);
  }

  private linear(offset: number): void {
    this.setFeed();
    const nx = this.axisTarget(PX, this.x);
    const ny = this.axisTarget(PY, this.y);
    const nz = this.axisTarget(PZ, this.z);
    let ne = this.e;
    if (this.pset[PE] === this.gen) {
      const v = this.pv[PE];
      if (v === v) {
        const mm = this.inches ? v * 25.4 : v;
        ne = this.relE || this.relXyz ? this.e + mm : mm;
      }
    }
    this.moveToXYZE(nx, ny, nz, ne, offset);
  }

  private moveToXYZE(nx: number, ny: number, nz: number, ne: number, offset: number): void {
    const t = this.tgt;
    t[0] = nx;
    t[1] = ny;
    t[2] = nz;
    t[3] = ne;
    this.moveTo(offset);
  }

  /** Target of the next move (typed array: doubles passed as arguments would be boxed on every call). */
  private readonly tgt = new Float64Array(4);
  private layerZ = NaN;

  /** Execute one straight move to the logical position in `tgt`. */
  private moveTo(offset: number): void {
    const t = this.tgt;
    const nx = t[0];
    const ny = t[1];
    const nz = t[2];
    const ne = t[3];
    const dx = nx - this.x;
    const dy = ny - this.y;
    const dz = nz - this.z;
    const de = ne - this.e;
    if (dx === 0 && dy === 0 && dz === 0 && de === 0) return;
    let kind: number;
    if (this.wiping) kind = MOVE_WIPE;
    else if (de < 0) kind = dx !== 0 || dy !== 0 || dz !== 0 ? MOVE_TRAVEL : MOVE_RETRACT;
    else if (de > 0) kind = dx === 0 && dy === 0 ? (dz === 0 ? MOVE_UNRETRACT : MOVE_TRAVEL) : MOVE_EXTRUDE;
    else kind = MOVE_TRAVEL;
    if (dz !== 0) this.layers.zChanging(offset, this);
    const pin = this.planner.input;
    pin[0] = dx;
    pin[1] = dy;
    pin[2] = dz;
    pin[3] = de;
    pin[4] = this.feedrate;
    this.planner.addInput(kind, this.layers.markerIndex, this.layers.zIndex);
    if (kind === MOVE_RETRACT && this.role === 3) this.role = 4;
    if (kind === MOVE_EXTRUDE) {
      this.filamentAll[this.tool] = (this.filamentAll[this.tool] ?? 0) + de;
      if (this.role === 1 || this.role === 3) this.filament[this.tool] = (this.filament[this.tool] ?? 0) + de;
      this.toolsUsed.add(this.tool);
      const ax = this.x + this.ox, ay = this.y + this.oy, az = this.z + this.oz;
      const bx = nx + this.ox, by = ny + this.oy, bz = nz + this.oz;
      const min = this.min, max = this.max;
      if (ax < min[0]) min[0] = ax; if (ax > max[0]) max[0] = ax;
      if (bx < min[0]) min[0] = bx; if (bx > max[0]) max[0] = bx;
      if (ay < min[1]) min[1] = ay; if (ay > max[1]) max[1] = ay;
      if (by < min[1]) min[1] = by; if (by > max[1]) max[1] = by;
      if (az < min[2]) min[2] = az; if (az > max[2]) max[2] = az;
      if (bz < min[2]) min[2] = bz; if (bz > max[2]) max[2] = bz;
      if (this.role === 1 || this.role === 3) {
        const pm = this.printMin, pM = this.printMax;
        if (ax < pm[0]) pm[0] = ax; if (ax > pM[0]) pM[0] = ax;
        if (bx < pm[0]) pm[0] = bx; if (bx > pM[0]) pM[0] = bx;
        if (ay < pm[1]) pm[1] = ay; if (ay > pM[1]) pM[1] = ay;
        if (by < pm[1]) pm[1] = by; if (by > pM[1]) pM[1] = by;
        if (az < pm[2]) pm[2] = az; if (az > pM[2]) pM[2] = az;
        if (bz < pm[2]) pm[2] = bz; if (bz > pM[2]) pM[2] = bz;
      }
      if (bz !== this.layerZ || this.layers.markerZPending) {
        this.layerZ = bz;
        this.layers.extrusionAt(bz, offset, this);
      }
      this.x = nx; this.y = ny; this.z = nz; this.e = ne;
    } else {
      this.x = nx; this.y = ny; this.z = nz; this.e = ne;
    }
    this.moves++;
  }

  private arc(clockwise: boolean, offset: number): void {
    this.setFeed();
    const nx = this.axisTarget(PX, this.x);
    const ny = this.axisTarget(PY, this.y);
    const nz = this.axisTarget(PZ, this.z);
    let ne = this.e;
    if (this.has(PE) && this.pv[PE] === this.pv[PE]) {
      const mm = this.inches ? this.pv[PE] * 25.4 : this.pv[PE];
      ne = this.relE || this.relXyz ? this.e + mm : mm;
    }
    const scale = this.inches ? 25.4 : 1;
    const i = this.has(PI) ? this.pv[PI] * scale : 0;
    const j = this.has(PJ) ? this.pv[PJ] * scale : 0;
    const r = this.has(PR) ? this.pv[PR] * scale : NaN;
    const sx = this.x, sy = this.y, sz = this.z, se = this.e;
    arcSegments(sx, sy, nx, ny, i, j, r, clockwise, (fx, fy, t) => {
      this.moveToXYZE(fx, fy, sz + (nz - sz) * t, se + (ne - se) * t, offset);
    });
  }

  private dwell(): void {
    let seconds = 0;
    if (this.has(PP) && this.pv[PP] === this.pv[PP]) seconds = this.pv[PP] / 1000;
    else if (this.has(PS) && this.pv[PS] === this.pv[PS]) seconds = this.pv[PS];
    else return;
    this.dwellSeconds += seconds;
    this.planner.synchronize(seconds);
  }

  private firmwareRetract(retract: boolean): void {
    // RRF "G10 P<tool> S<temp>" / "G10 L2 …" are tool/offset settings, not retraction.
    if (this.has(PP) || this.has(PL)) return;
    if (retract === this.fwRetracted) return;
    this.fwRetracted = retract;
    const length = retract ? -this.fwRetractLength : this.fwRetractLength + this.fwRecoverExtra;
    const feed = retract ? this.fwRetractFeed : this.fwRecoverFeed;
    if (length === 0) return;
    this.planner.addMove(0, 0, 0, length, feed, retract ? MOVE_RETRACT : MOVE_UNRETRACT, this.layers.markerIndex, this.layers.zIndex);
  }

  /** G28: PrusaSlicer's estimator treats homing as a move to 0 on the named axes (all when none). */
  private home(offset: number): void {
    const any = this.has(PX) || this.has(PY) || this.has(PZ);
    const nx = !any || this.has(PX) ? 0 : this.x;
    const ny = !any || this.has(PY) ? 0 : this.y;
    const nz = !any || this.has(PZ) ? 0 : this.z;
    if (!any || this.has(PX)) this.ox = 0;
    if (!any || this.has(PY)) this.oy = 0;
    if (!any || this.has(PZ)) this.oz = 0;
    const wasWiping = this.wiping;
    this.wiping = false;
    this.moveToXYZE(nx, ny, nz, this.e, offset);
    this.wiping = wasWiping;
  }

  private setPosition(): void {
    const any = this.has(PX) || this.has(PY) || this.has(PZ) || this.has(PE);
    const scale = this.inches ? 25.4 : 1;
    const set = (slot: number) => (any ? this.has(slot) && this.pv[slot] === this.pv[slot] : true);
    const value = (slot: number) => (any ? this.pv[slot] * scale : 0);
    if (set(PX)) { const v = value(PX); this.ox += this.x - v; this.x = v; }
    if (set(PY)) { const v = value(PY); this.oy += this.y - v; this.y = v; }
    if (set(PZ)) { const v = value(PZ); this.oz += this.z - v; this.z = v; }
    if (set(PE)) this.e = value(PE);
  }

  private toolChange(tool: number): void {
    if (tool > 255) return;
    if (tool !== this.tool) {
      this.toolChanges++;
      this.tool = tool;
      while (this.filament.length <= tool) this.filament.push(0);
      while (this.filamentAll.length <= tool) this.filamentAll.push(0);
      this.planner.synchronize(this.options.toolChangeSeconds);
    }
  }

  private mcode(code: number, buf: Buffer, q: number, end: number, lineStart: number): void {
    const pl = this.planner;
    const lim = pl.limits;
    switch (code) {
      case 82: this.relE = false; return;
      case 83: this.relE = true; return;
      case 104: case 109: case 140: case 190: case 141: case 191: case 116:
        this.params(buf, q, end);
        return this.temperature(code);
      case 201:
        this.params(buf, q, end);
        for (const [slot, axis] of [[PX, X], [PY, Y], [PZ, Z], [PE, E]]) if (this.has(slot) && this.pv[slot] > 0) lim.maxAxisAccel[axis] = this.pv[slot];
        lim.source = 'file';
        return;
      case 203: {
        this.params(buf, q, end);
        const factor = this.options.flavor === 'reprapfirmware' ? 1 / 60 : 1; // RRF: mm/min
        for (const [slot, axis] of [[PX, X], [PY, Y], [PZ, Z], [PE, E]]) if (this.has(slot) && this.pv[slot] > 0) lim.maxFeedrate[axis] = this.pv[slot] * factor;
        lim.source = 'file';
        return;
      }
      case 204:
        this.params(buf, q, end);
        if (this.has(PS) && this.pv[PS] > 0) {
          // Legacy form: S = print and travel acceleration, T = retract.
          pl.setAcceleration(this.pv[PS]);
          pl.setTravelAcceleration(this.pv[PS]);
          if (this.has(PT) && this.pv[PT] > 0) pl.setRetractAcceleration(this.pv[PT]);
        } else {
          if (this.has(PP) && this.pv[PP] > 0) pl.setAcceleration(this.pv[PP]);
          if (this.has(PR) && this.pv[PR] > 0) pl.setRetractAcceleration(this.pv[PR]);
          if (this.has(PT) && this.pv[PT] > 0) pl.setTravelAcceleration(this.pv[PT]);
        }
        return;
      case 205:
        this.params(buf, q, end);
        for (const [slot, axis] of [[PX, X], [PY, Y], [PZ, Z], [PE, E]]) if (this.has(slot) && this.pv[slot] >= 0) lim.jerk[axis] = this.pv[slot];
        if (this.has(PX) || this.has(PY)) this.sawJerkXY = true;
        if (this.has(PS) && this.pv[PS] >= 0) lim.minExtrudingRate = this.pv[PS];
        if (this.has(PT) && this.pv[PT] >= 0) lim.minTravelRate = this.pv[PT];
        if (this.has(PJ) && this.pv[PJ] > 0) this.sawJunction = this.pv[PJ];
        // Marlin 2 with junction deviation accepts M205 J; classic jerk (X/Y) wins when both appear.
        if (this.sawJerkXY) {
          if (lim.junctionModel === 'junction-deviation') lim.junctionModel = 'jerk';
        } else if (this.sawJunction !== null) {
          lim.junctionDeviation = this.sawJunction;
          lim.junctionModel = 'junction-deviation';
        }
        lim.source = 'file';
        return;
      case 566: // RRF jerk, mm/min
        this.params(buf, q, end);
        for (const [slot, axis] of [[PX, X], [PY, Y], [PZ, Z], [PE, E]]) if (this.has(slot) && this.pv[slot] >= 0) lim.jerk[axis] = this.pv[slot] / 60;
        lim.source = 'file';
        return;
      case 207:
        this.params(buf, q, end);
        if (this.has(PS) && this.pv[PS] >= 0) this.fwRetractLength = this.pv[PS];
        if (this.has(PF) && this.pv[PF] > 0) this.fwRetractFeed = this.pv[PF] / 60;
        if (this.has(PR)) this.fwRecoverExtra = this.pv[PR] || 0; // RRF extra unretract
        if (this.has(PT) && this.pv[PT] > 0) this.fwRecoverFeed = this.pv[PT] / 60; // RRF unretract speed
        else if (this.has(PF) && this.pv[PF] > 0 && this.options.flavor === 'reprapfirmware') this.fwRecoverFeed = this.pv[PF] / 60;
        return;
      case 208:
        this.params(buf, q, end);
        if (this.has(PS)) this.fwRecoverExtra = this.pv[PS] || 0;
        if (this.has(PF) && this.pv[PF] > 0) this.fwRecoverFeed = this.pv[PF] / 60;
        return;
      case 220:
        this.params(buf, q, end);
        if (this.has(PB)) this.feedSaved = this.feedMultiply;
        if (this.has(PS) && this.pv[PS] > 0) this.feedMultiply = this.pv[PS] / 100;
        if (this.has(PR)) this.feedMultiply = this.feedSaved;
        return;
      case 221:
        this.params(buf, q, end);
        if (this.has(PS) && this.pv[PS] > 0) pl.extrudeFactor = this.pv[PS] / 100;
        return;
      case 400:
        pl.synchronize(0);
        return;
      case 486: {
        const label = parseM486(latin1(buf, lineStart, end));
        if (label && (/A/.test(latin1(buf, q, end)) || !this.meta.objects.has(label.id))) this.meta.addObject(label);
        return;
      }
      default:
        return;
    }
  }

  /** Klipper `SET_VELOCITY_LIMIT VELOCITY=300 ACCEL=5000 ACCEL_TO_DECEL=2500 SQUARE_CORNER_VELOCITY=5` (Orca/Prusa emit it). */
  private klipperVelocityLimit(text: string): void {
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
  private klipperScv = 5;

  private temperature(code: number): void {
    // Wall clock = motion so far + waits so far: heaters keep heating while another heater is being waited for.
    const now = this.planner.time + this.heat.seconds;
    const tool = this.has(PT) && this.pv[PT] >= 0 ? this.pv[PT] : this.tool;
    const s = this.has(PS) && this.pv[PS] === this.pv[PS] ? this.pv[PS] : null;
    const r = this.has(PR) && this.pv[PR] === this.pv[PR] ? this.pv[PR] : null;
    const target = s ?? r;
    switch (code) {
      case 104: if (target !== null) this.heat.set(`T${tool}`, 'nozzle', target, now); return;
      case 140: if (target !== null) this.heat.set('bed', 'bed', target, now); return;
      case 141: if (target !== null) this.heat.set('chamber', 'chamber', target, now); return;
      case 109: return this.heat.wait(`T${tool}`, 'nozzle', target, now, s !== null && this.options.flavor !== 'reprapfirmware');
      case 190: return this.heat.wait('bed', 'bed', target, now, s !== null && this.options.flavor !== 'reprapfirmware');
      case 191: return this.heat.wait('chamber', 'chamber', target, now, s !== null);
      case 116: return this.heat.waitAll(now);
    }
  }

  private comment(buf: Buffer, p: number, end: number, offset: number): void {
    if (this.thumbs.active) return this.thumbs.line(latin1(buf, p, end));
    const c2 = p + 1 < end ? buf[p + 1] : 0;
    if (c2 === 32) return this.spacedComment(buf, p, end, offset);
    // Frequent body markers first.
    if (startsWith(buf, p, end, C_WIDTH)) return;
    if (startsWith(buf, p, end, C_TYPE)) {
      this.sawRoles = true;
      if (this.role < 3) this.role = startsWith(buf, p, end, C_TYPE_CUSTOM) ? 2 : 1;
      return;
    }
    if (startsWith(buf, p, end, C_HEIGHT)) return this.layers.markerHeight(parseNumber(buf, p + C_HEIGHT.length, end));
    if (startsWith(buf, p, end, C_Z)) return this.layers.markerZ(parseNumber(buf, p + C_Z.length, end));
    if (startsWith(buf, p, end, C_LAYER_CHANGE)) return this.layerMarker(offset);
    if (startsWith(buf, p, end, C_LAYER)) {
      // Cura ";LAYER:n" (negative n = raft layers, still layers)
      if (this.meta.slicer === 'cura' || this.meta.cura.has('FLAVOR')) this.layerMarker(offset);
      return;
    }
    if (startsWith(buf, p, end, C_WIPE_START)) { this.wiping = true; return; }
    if (startsWith(buf, p, end, C_WIPE_END)) { this.wiping = false; return; }
    if (startsWith(buf, p, end, C_MESH)) {
      const name = latin1(buf, p + C_MESH.length, end).trim();
      if (name && name !== 'NONMESH') this.meta.addObject({ id: name, name });
      return;
    }
    for (const key of COMPACT_KEYS) if (startsWith(buf, p, end, key)) return this.meta.compact(latin1(buf, p, end).trimEnd());
  }

  private layerMarker(offset: number): void {
    this.sawRoles = true;
    if (this.role === 0 || this.role === 2) this.role = 1;
    // Cura's estimator plans each layer separately (it flushes at every layer comment): mirror it in that model.
    if (this.planner.limits.junctionModel === 'jerk-xy') this.planner.synchronize(0);
    this.layers.marker(offset, this.snapshot());
  }

  private spacedComment(buf: Buffer, p: number, end: number, offset: number): void {
    if (startsWith(buf, p, end, S_FEATURE) || startsWith(buf, p, end, S_LINE_WIDTH)) return;
    if (startsWith(buf, p, end, S_THUMB) || startsWith(buf, p, end, S_THUMB_UPPER)) {
      this.thumbs.begin(latin1(buf, p, end).trimEnd());
      return;
    }
    if (startsWith(buf, p, end, S_STOP)) return;
    if (startsWith(buf, p, end, S_PRINTING)) {
      const label = parsePrintingObject(latin1(buf, p, end).trimEnd());
      if (label) this.meta.addObject(label);
      return;
    }
    if (startsWith(buf, p, end, S_CHANGE_LAYER)) return this.layerMarker(offset);
    if (startsWith(buf, p, end, S_CP_TOOLCHANGE)) {
      // PrusaSlicer wipe tower: ramming counts as used filament; unload, cooling and load moves do not.
      const q = p + S_CP_TOOLCHANGE.length;
      if (startsWith(buf, q, end, W_UNLOAD)) this.role = 3;
      else if (startsWith(buf, q, end, W_LOAD)) this.role = 4;
      else if (startsWith(buf, q, end, W_WIPE) || startsWith(buf, q, end, W_END)) this.role = 1;
      return;
    }
    if (startsWith(buf, p, end, S_Z_HEIGHT)) return this.layers.markerZ(parseNumber(buf, skipBlanks(buf, p + S_Z_HEIGHT.length, end), end));
    if (startsWith(buf, p, end, S_LAYER_HEIGHT)) return this.layers.markerHeight(parseNumber(buf, skipBlanks(buf, p + S_LAYER_HEIGHT.length, end), end));
    if (end - p < 8192) this.meta.spaced(latin1(buf, p, end).trimEnd());
  }
}
