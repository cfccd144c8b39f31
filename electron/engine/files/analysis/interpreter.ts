// The G-code state machine of the analysis pass: positions and modes, moves into the planner, filament, bbox,
// layers, tool changes, dwells and heat waits — all parsed from Buffer bytes without per-line strings.
import type { GcodeFlavor } from '../../../shared/contract/gcode-analysis.js';
import { ascii, latin1, numberEnd, parseNumber, parseUint, skipBlanks, startsWith } from './bytes.js';
import type { LineSink } from './line-scanner.js';
import { MOVE_EXTRUDE, MOVE_RETRACT, MOVE_TRAVEL, MOVE_UNRETRACT, MOVE_WIPE, Planner } from './planner.js';
import { LayerIndex, type MachineSnapshot } from './layer-index.js';
import { HeatModel, applyTemperature } from './heat.js';
import { MetadataCollector } from './metadata.js';
import { ThumbnailCollector } from './thumbnails.js';
import { parseExcludeObjectDefine, parseM486 } from './labels.js';
import { arcSegments } from './arc.js';
import { Params, PE, PI, PJ, PL, PP, PR, PS, PT, PX, PY, PZ, PF } from './params.js';
import { FirmwareSettings } from './firmware-settings.js';
import { CommentReader, ROLE_MMU_NOT_CONSUMED, ROLE_MMU_RAMMING, ROLE_PRINT } from './comments.js';

export { klipperJunctionDeviation } from './firmware-settings.js';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];
const EXCLUDE_DEFINE = ascii('EXCLUDE_OBJECT_DEFINE');
const SET_VELOCITY_LIMIT = ascii('SET_VELOCITY_LIMIT');
const MAX_TOOL = 63;

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
  x = 0;
  y = 0;
  z = 0;
  e = 0;
  private ox = 0;
  private oy = 0;
  private oz = 0;
  relXyz = false;
  relE = false;
  tool = 0;
  private feedrate = 0; // mm/s
  private inches = false;
  private fwRetracted = false;

  // results
  /** Filament of the print itself (slicer-comparable: custom start/end G-code and MMU load/cooling moves excluded). */
  readonly filament = new Float64Array(MAX_TOOL + 1);
  /** Every extruding move, for files without slicer markers. */
  readonly filamentAll = new Float64Array(MAX_TOOL + 1);
  /** 1 for each tool that extruded (typed flags: a Set lookup per move is measurable on the hot path). */
  readonly toolsUsed = new Uint8Array(MAX_TOOL + 1);
  /** Highest tool number selected so far + 1 (length of the per-extruder lists). */
  toolSlots = 1;
  toolChanges = 0;
  moves = 0;
  dwellSeconds = 0;
  firmwareRetractSeconds = 0;
  readonly min = [Infinity, Infinity, Infinity];
  readonly max = [-Infinity, -Infinity, -Infinity];
  readonly printMin = [Infinity, Infinity, Infinity];
  readonly printMax = [-Infinity, -Infinity, -Infinity];
  readonly layers = new LayerIndex();
  readonly heat = new HeatModel();
  readonly meta = new MetadataCollector();
  readonly thumbs = new ThumbnailCollector();
  readonly warnings: string[] = [];
  readonly comments: CommentReader;
  readonly fw: FirmwareSettings;

  private readonly params = new Params();
  /** Target of the next move (typed array: doubles passed as arguments would be boxed on every call). */
  private readonly tgt = new Float64Array(4);
  private layerZ = NaN;

  constructor(
    readonly planner: Planner,
    private readonly options: InterpreterOptions,
  ) {
    this.fw = new FirmwareSettings(planner, options.flavor, { length: options.retractLength, speed: options.retractSpeed });
    this.comments = new CommentReader({ layers: this.layers, meta: this.meta, thumbs: this.thumbs, planner, snapshot: () => this.snapshot() });
    planner.onTagTime = (a, b, t) => this.layers.timeAt(a, b, t);
  }

  get relativeXyz(): boolean {
    return this.relXyz;
  }
  get relativeE(): boolean {
    return this.relE;
  }
  /** The file has slicer roles/markers, so `filament` (not `filamentAll`) is the slicer-comparable figure. */
  get sawRoles(): boolean {
    return this.comments.sawRoles;
  }

  snapshot(): MachineSnapshot {
    return { x: this.x, y: this.y, z: this.z, e: this.e, relativeXyz: this.relXyz, relativeE: this.relE, tool: this.tool };
  }

  line(buf: Buffer, start: number, end: number, offset: number): void {
    if (offset === 0 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3; // UTF-8 BOM
    // Fast path for the line that makes up most of every file: "G1 " / "G0 " at column 0.
    if (buf[start] === 71 && start + 2 < end && buf[start + 2] === 32) {
      const d = buf[start + 1];
      if (d === 49 || d === 48) return this.linearFast(buf, start + 3, end, offset);
    }
    let p = skipBlanks(buf, start, end);
    if (p >= end) return;
    let c = buf[p];
    if (c === 59) return this.comments.line(buf, p, end, offset);
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
      if (code === 0 || code === 1) return this.linearFast(buf, q, end, offset);
      return this.gcode(code, this.params.parse(buf, q, end), offset);
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
    if (c === 83 && startsWith(buf, p, end, SET_VELOCITY_LIMIT)) return this.fw.klipperVelocityLimit(latin1(buf, p, end));
    if (c === 69 && startsWith(buf, p, end, EXCLUDE_DEFINE)) {
      const label = parseExcludeObjectDefine(latin1(buf, p, end));
      if (label) this.meta.addObject(label);
    }
  }

  private gcode(code: number, p: Params, offset: number): void {
    switch (code) {
      case 2:
      case 3:
        return this.arc(code === 2, p, offset);
      case 4:
        return this.dwell(p);
      case 10:
      case 11:
        return this.firmwareRetract(code === 10, p);
      case 20:
        this.inches = true;
        return;
      case 21:
        this.inches = false;
        return;
      case 28:
        return this.home(p, offset);
      case 90:
        this.relXyz = false;
        return;
      case 91:
        this.relXyz = true;
        return;
      case 92:
        return this.setPosition(p);
    }
  }

  private mcode(code: number, buf: Buffer, q: number, end: number, lineStart: number): void {
    switch (code) {
      case 82:
        this.relE = false;
        return;
      case 83:
        this.relE = true;
        return;
      case 104: case 109: case 140: case 190: case 141: case 191: case 116: {
        const p = this.params.parse(buf, q, end);
        const words = { s: p.num(PS), r: p.num(PR), t: p.has(PT) && p.v[PT] >= 0 ? p.v[PT] : -1 };
        return applyTemperature(this.heat, code, words, this.planner.time, this.tool, this.options.flavor !== 'reprapfirmware');
      }
      case 400:
        this.planner.synchronize(0);
        return;
      case 486: {
        const label = parseM486(latin1(buf, lineStart, end));
        if (label && (/A/.test(latin1(buf, q, end)) || !this.meta.objects.has(label.id))) this.meta.addObject(label);
        return;
      }
      default:
        if (code >= 200 && code <= 566) this.fw.apply(code, this.params.parse(buf, q, end));
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
      if (b === 45) {
        negative = true;
        i++;
      } else if (b === 43) i++;
      // Up to 9 significant digits fit an int32 mantissa (the common case: "108.017", "5.07467").
      let mantissa = 0;
      let digits = 0;
      let scale = 0;
      for (; i < end; i++) {
        const d = (buf[i] - 48) >>> 0;
        if (d > 9) break;
        mantissa = (mantissa * 10 + d) | 0;
        if (++digits > 9) break;
      }
      if (digits <= 9 && i < end && buf[i] === 46) {
        for (i++; i < end; i++) {
          const d = (buf[i] - 48) >>> 0;
          if (d > 9) break;
          mantissa = (mantissa * 10 + d) | 0;
          scale++;
          if (++digits > 9) break;
        }
      }
      let v: number;
      if (digits === 0) v = NaN;
      else if (digits > 9) {
        // Long literal: exact slow path, then skip its remaining characters.
        v = parseNumber(buf, p + 1, end);
        i = numberEnd;
        if (v === Infinity || v === -Infinity) v = NaN; // absurd literals are ignored, not propagated
      } else {
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
    if (f > 0) this.feedrate = (f / 60) * this.fw.feedMultiply * scale;
    const rel = this.relXyz;
    const t = this.tgt;
    t[0] = x === x ? (rel ? this.x + x * scale : x * scale) : this.x;
    t[1] = y === y ? (rel ? this.y + y * scale : y * scale) : this.y;
    t[2] = z === z ? (rel ? this.z + z * scale : z * scale) : this.z;
    t[3] = e === e ? (this.relE || rel ? this.e + e * scale : e * scale) : this.e;
    this.moveTo(offset);
  }

  private moveToXYZE(nx: number, ny: number, nz: number, ne: number, offset: number): void {
    const t = this.tgt;
    t[0] = nx;
    t[1] = ny;
    t[2] = nz;
    t[3] = ne;
    this.moveTo(offset);
  }

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
    // Move types as PrusaSlicer's estimator classifies them (they choose print/travel/retract acceleration).
    const comments = this.comments;
    let kind: number;
    if (comments.wiping) kind = MOVE_WIPE;
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
    if (kind === MOVE_RETRACT && comments.role === ROLE_MMU_RAMMING) comments.role = ROLE_MMU_NOT_CONSUMED;
    if (kind === MOVE_EXTRUDE) {
      const counted = comments.role === ROLE_PRINT || comments.role === ROLE_MMU_RAMMING;
      this.filamentAll[this.tool] += de;
      if (counted) this.filament[this.tool] += de;
      this.toolsUsed[this.tool] = 1;
      const ax = this.x + this.ox, ay = this.y + this.oy, az = this.z + this.oz;
      const bx = nx + this.ox, by = ny + this.oy, bz = nz + this.oz;
      grow(this.min, this.max, ax, ay, az, bx, by, bz);
      if (counted) grow(this.printMin, this.printMax, ax, ay, az, bx, by, bz);
      if (bz !== this.layerZ || this.layers.markerZPending) {
        this.layerZ = bz;
        this.layers.extrusionAt(bz, offset, this);
      }
    }
    this.x = nx;
    this.y = ny;
    this.z = nz;
    this.e = ne;
    this.moves++;
  }

  private arc(clockwise: boolean, p: Params, offset: number): void {
    const scale = this.inches ? 25.4 : 1;
    const f = p.num(PF);
    if (f > 0) this.feedrate = (f / 60) * this.fw.feedMultiply * scale;
    const rel = this.relXyz;
    const target = (s: number, current: number) => {
      const v = p.num(s);
      return v === v ? (rel ? current + v * scale : v * scale) : current;
    };
    const nx = target(PX, this.x);
    const ny = target(PY, this.y);
    const nz = target(PZ, this.z);
    const ev = p.num(PE);
    const ne = ev === ev ? (this.relE || rel ? this.e + ev * scale : ev * scale) : this.e;
    const i = p.has(PI) && p.v[PI] === p.v[PI] ? p.v[PI] * scale : 0;
    const j = p.has(PJ) && p.v[PJ] === p.v[PJ] ? p.v[PJ] * scale : 0;
    const r = p.num(PR) * scale;
    const sz = this.z;
    const se = this.e;
    arcSegments(this.x, this.y, nx, ny, i, j, r, clockwise, (fx, fy, t) => {
      this.moveToXYZE(fx, fy, sz + (nz - sz) * t, se + (ne - se) * t, offset);
    });
  }

  private dwell(p: Params): void {
    let seconds: number;
    if (p.num(PP) === p.num(PP)) seconds = p.v[PP] / 1000;
    else if (p.num(PS) === p.num(PS)) seconds = p.v[PS];
    else return;
    if (!(seconds > 0)) return;
    if (this.moves === 0) {
      // A dwell before anything has moved ("G4 S10 ; allow partial nozzle warmup") is warm-up, not printing:
      // it goes to the separate heat-up figure (PrusaSlicer's estimate leaves it out as well).
      this.heat.seconds += seconds;
      return;
    }
    this.dwellSeconds += seconds;
    this.planner.synchronize(seconds);
  }

  private firmwareRetract(retract: boolean, p: Params): void {
    // RRF "G10 P<tool> S<temp>" / "G10 L2 …" are tool/offset settings, not retraction.
    if (p.has(PP) || p.has(PL)) {
      // RRF: G10 P<tool> S<active temp> sets the tool's heater target (M116 then waits for it).
      if (retract && !p.has(PL) && p.num(PP) >= 0 && p.num(PS) === p.num(PS)) {
        applyTemperature(this.heat, 104, { s: p.v[PS], r: NaN, t: p.v[PP] }, this.planner.time, this.tool, false);
      }
      return;
    }
    if (retract === this.fwRetracted) return;
    this.fwRetracted = retract;
    const fw = this.fw;
    const length = retract ? -fw.retractLength : fw.retractLength + fw.recoverExtra;
    const feed = retract ? fw.retractFeed : fw.recoverFeed;
    if (length === 0) return;
    // Timed apart from the planner: slicer estimators (PrusaSlicer, Bambu) do not plan G10/G11, and the
    // neighbouring moves then join as if the retraction were not there (firmwareRetractSeconds, reported apart).
    this.firmwareRetractSeconds += this.planner.isolatedMoveSeconds(Math.abs(length), feed, true);
  }

  /** G28: PrusaSlicer's estimator treats homing as a move to 0 on the named axes (all when none). */
  private home(p: Params, offset: number): void {
    const any = p.has(PX) || p.has(PY) || p.has(PZ);
    const nx = !any || p.has(PX) ? 0 : this.x;
    const ny = !any || p.has(PY) ? 0 : this.y;
    const nz = !any || p.has(PZ) ? 0 : this.z;
    if (!any || p.has(PX)) this.ox = 0;
    if (!any || p.has(PY)) this.oy = 0;
    if (!any || p.has(PZ)) this.oz = 0;
    const wasWiping = this.comments.wiping;
    this.comments.wiping = false;
    this.moveToXYZE(nx, ny, nz, this.e, offset);
    this.comments.wiping = wasWiping;
  }

  private setPosition(p: Params): void {
    const any = p.has(PX) || p.has(PY) || p.has(PZ) || p.has(PE);
    const scale = this.inches ? 25.4 : 1;
    const set = (s: number) => (any ? p.num(s) === p.num(s) : true);
    const value = (s: number) => (any ? p.v[s] * scale : 0);
    if (set(PX)) {
      const v = value(PX);
      this.ox += this.x - v;
      this.x = v;
    }
    if (set(PY)) {
      const v = value(PY);
      this.oy += this.y - v;
      this.y = v;
    }
    if (set(PZ)) {
      const v = value(PZ);
      this.oz += this.z - v;
      this.z = v;
    }
    if (set(PE)) this.e = value(PE);
  }

  private toolChange(tool: number): void {
    // Bambu start G-code uses T255 (unload) and T1000 (cutter) as commands, not tools.
    if (tool > MAX_TOOL || tool === this.tool) return;
    this.toolChanges++;
    this.tool = tool;
    if (tool + 1 > this.toolSlots) this.toolSlots = tool + 1;
    this.planner.synchronize(this.options.toolChangeSeconds);
  }
}

function grow(min: number[], max: number[], ax: number, ay: number, az: number, bx: number, by: number, bz: number): void {
  if (ax < min[0]) min[0] = ax;
  if (ax > max[0]) max[0] = ax;
  if (bx < min[0]) min[0] = bx;
  if (bx > max[0]) max[0] = bx;
  if (ay < min[1]) min[1] = ay;
  if (ay > max[1]) max[1] = ay;
  if (by < min[1]) min[1] = by;
  if (by > max[1]) max[1] = by;
  if (az < min[2]) min[2] = az;
  if (az > max[2]) max[2] = az;
  if (bz < min[2]) min[2] = bz;
  if (bz > max[2]) max[2] = bz;
}
