// The virtual printer's machine side: executes one queued command at a time (motion, heaters, SD card, reports)
// and says whether it finished or is still blocking (planner full, M109 waiting, G28 homing…).
import { AMBIENT, formatHeaters, heaterReached, makeHeater, stepHeater, type HeaterModel } from './heaters.js';
import { applyMove, Planner, words, type MachineState } from './planner.js';

export interface MachineOptions {
  tools: number;
  bed: boolean;
  chamber: boolean;
  plannerBlocks: number;
  accel: number;
  plannerSpeed: number;
  heaterTauMs: number;
  bedTauMs: number;
  homingMs: number;
  /** Multiplies G4 dwell times (tests shorten slicer start-code dwells). */
  dwellScale: number;
  autoreportTemp: boolean;
  emergencyParser: boolean;
  sdFiles: Record<string, string>;
  loopSd: boolean;
  name: string;
}

export type Exec = 'done' | 'blocked';

interface SdFileData {
  lines: string[];
  offsets: number[]; // byte offset of the END of each line
  size: number;
}

const sdCache = new Map<string, SdFileData>();
/** Demo mode runs hundreds of printers on the same file: split it once. */
function sdData(content: string): SdFileData {
  let d = sdCache.get(content);
  if (d) return d;
  const lines = content.split('\n');
  const offsets: number[] = [];
  let pos = 0;
  for (const l of lines) {
    pos += Buffer.byteLength(l) + 1;
    offsets.push(pos);
  }
  d = { lines, offsets, size: Buffer.byteLength(content) };
  if (sdCache.size > 16) sdCache.clear();
  sdCache.set(content, d);
  return d;
}

export class MarlinMachine {
  readonly planner: Planner;
  readonly tools: HeaterModel[];
  readonly bed: HeaterModel | null;
  readonly chamber: HeaterModel | null;
  readonly state: MachineState = { x: 0, y: 0, z: 0, e: 0, f: 3000, relative: false, relativeE: false, speedFactor: 1 };
  fanPercent = 0;
  activeTool = 0;
  /** Set by M108 (emergency parser): breaks M109/M190/M0 waits. */
  private breakWait = false;
  private timerUntil: number | null = null;
  private lastWaitReport = 0;
  autoreportMs = 0;
  private lastAutoreport = 0;
  sdAutoreportMs = 0;
  private lastSdReport = 0;
  readonly sdFiles = new Map<string, string>();
  private sdSelected: { name: string; data: SdFileData } | null = null;
  sdLine = 0;
  sdPrinting = false;

  constructor(private readonly o: MachineOptions) {
    this.planner = new Planner(o.plannerBlocks, o.accel, o.plannerSpeed);
    this.tools = Array.from({ length: o.tools }, makeHeater);
    this.bed = o.bed ? makeHeater() : null;
    this.chamber = o.chamber ? makeHeater() : null;
    for (const [k, v] of Object.entries(o.sdFiles)) this.sdFiles.set(k.toUpperCase(), v);
  }

  heaterLine(): string {
    return formatHeaters(this.tools, this.bed, this.chamber, this.activeTool);
  }

  reset(): void {
    this.planner.clear();
    for (const h of [...this.tools, this.bed, this.chamber]) if (h) h.target = 0;
    this.timerUntil = null;
    this.breakWait = false;
    this.autoreportMs = 0;
    this.sdAutoreportMs = 0;
    this.sdPrinting = false;
    this.sdSelected = null;
    Object.assign(this.state, { x: 0, y: 0, z: 0, e: 0, relative: false, relativeE: false, speedFactor: 1 });
  }

  emergency(code: string): void {
    if (code === 'M108') this.breakWait = true;
    if (code === 'M410') this.planner.clear();
  }

  /** Heaters, planner and periodic reports for dtMs ending at `now`. */
  tick(dtMs: number, now: number, emit: (line: string) => void): void {
    this.planner.advance(dtMs, now);
    for (const t of this.tools) stepHeater(t, dtMs, this.o.heaterTauMs);
    if (this.bed) stepHeater(this.bed, dtMs, this.o.bedTauMs);
    if (this.chamber) stepHeater(this.chamber, dtMs, this.o.bedTauMs * 2);
    if (this.autoreportMs > 0 && now - this.lastAutoreport >= this.autoreportMs) {
      this.lastAutoreport = now;
      emit(' ' + this.heaterLine());
    }
    if (this.sdAutoreportMs > 0 && now - this.lastSdReport >= this.sdAutoreportMs) {
      this.lastSdReport = now;
      emit(this.sdStatusLine());
    }
  }

  sdStatusLine(): string {
    if (!this.sdSelected || (!this.sdPrinting && this.sdLine === 0)) return 'Not SD printing';
    const pos = this.sdLine > 0 ? this.sdSelected.data.offsets[this.sdLine - 1] : 0;
    return `SD printing byte ${pos}/${this.sdSelected.data.size}`;
  }

  /** Next command from the SD card while printing (injected commands get no ok). */
  nextSdCommand(emit: (line: string) => void): string | null {
    const sel = this.sdSelected;
    if (!this.sdPrinting || !sel) return null;
    while (this.sdLine < sel.data.lines.length) {
      const raw = sel.data.lines[this.sdLine++];
      const semi = raw.indexOf(';');
      const cmd = (semi >= 0 ? raw.slice(0, semi) : raw).trim();
      if (cmd) return cmd;
    }
    emit('Done printing file');
    if (this.o.loopSd) this.sdLine = 0;
    else this.sdPrinting = false;
    return null;
  }

  private waitTimer(now: number, ms: number): Exec {
    if (this.timerUntil === null) this.timerUntil = now + ms;
    if (now < this.timerUntil) return 'blocked';
    this.timerUntil = null;
    return 'done';
  }

  private waitHeaters(heaters: (HeaterModel | null)[], now: number, emit: (l: string) => void): Exec {
    if (this.breakWait) {
      this.breakWait = false;
      return 'done';
    }
    if (heaters.every((h) => !h || heaterReached(h))) return 'done';
    if (now - this.lastWaitReport >= 1000) {
      this.lastWaitReport = now;
      emit(' ' + this.heaterLine() + ' W:?');
    }
    return 'blocked';
  }

  /** Execute (or continue) a command. `first` is true on the first attempt. */
  execute(cmd: string, now: number, emit: (line: string) => void, first: boolean): Exec {
    const m = /^([GMT])(\d+)/i.exec(cmd);
    if (!m) {
      emit(`echo:Unknown command: "${cmd}"`);
      return 'done';
    }
    const code = m[1].toUpperCase() + Number(m[2]);
    const w = code === 'M117' || code === 'M23' || code === 'M30' ? {} : words(cmd.slice(m[0].length));
    switch (code) {
      case 'G0':
      case 'G1':
      case 'G2':
      case 'G3': {
        if (this.planner.free <= 0) return 'blocked';
        const before = { ...this.state };
        const dist = applyMove(this.state, w);
        if (dist > 0 && !this.planner.push(dist, this.state.f, this.state.speedFactor, now)) {
          Object.assign(this.state, before);
          return 'blocked';
        }
        return 'done';
      }
      case 'G4':
      case 'G28':
      case 'G29':
      case 'M400': {
        if (!this.planner.empty) return 'blocked';
        this.planner.forgiveDrain();
        const ms = code === 'G4' ? ((w.P ?? 0) + (w.S ?? 0) * 1000) * this.o.dwellScale : code === 'G28' ? this.o.homingMs : code === 'G29' ? this.o.homingMs * 2 : 0;
        const r = this.waitTimer(now, ms);
        if (r === 'done' && code === 'G28') Object.assign(this.state, { x: 0, y: 0, z: 0 });
        return r;
      }
      case 'G90':
        this.state.relative = false;
        this.state.relativeE = false;
        return 'done';
      case 'G91':
        this.state.relative = true;
        return 'done';
      case 'M82':
        this.state.relativeE = false;
        return 'done';
      case 'M83':
        this.state.relativeE = true;
        return 'done';
      case 'G92':
        for (const k of ['X', 'Y', 'Z', 'E'] as const) if (w[k] !== undefined) this.state[k.toLowerCase() as 'x'] = w[k];
        if (Object.keys(w).length === 0) Object.assign(this.state, { x: 0, y: 0, z: 0, e: 0 });
        return 'done';
      case 'M104':
      case 'M109': {
        const h = this.tools[w.T ?? this.activeTool] ?? this.tools[0];
        if (first) {
          this.breakWait = false;
          if (h) h.target = w.S ?? w.R ?? h.target;
        }
        if (code === 'M104') return 'done';
        this.planner.forgiveDrain();
        return this.waitHeaters([h], now, emit);
      }
      case 'M140':
      case 'M190':
        if (first && this.bed) {
          this.breakWait = false;
          this.bed.target = w.S ?? w.R ?? this.bed.target;
        }
        if (code === 'M140') return 'done';
        this.planner.forgiveDrain();
        return this.waitHeaters([this.bed], now, emit);
      case 'M141':
      case 'M191':
        if (first && this.chamber) this.chamber.target = w.S ?? 0;
        return code === 'M141' ? 'done' : this.waitHeaters([this.chamber], now, emit);
      case 'M0':
      case 'M1':
        if (this.breakWait) {
          this.breakWait = false;
          return 'done';
        }
        return 'blocked';
      case 'M106':
        this.fanPercent = Math.round(((w.S ?? 255) / 255) * 100);
        return 'done';
      case 'M107':
        this.fanPercent = 0;
        return 'done';
      case 'M220':
        if (w.S) this.state.speedFactor = w.S / 100;
        return 'done';
      case 'M114':
        emit(`X:${this.state.x.toFixed(2)} Y:${this.state.y.toFixed(2)} Z:${this.state.z.toFixed(2)} E:${this.state.e.toFixed(2)} Count X:0 Y:0 Z:0`);
        return 'done';
      case 'M155':
        this.autoreportMs = (w.S ?? 0) * 1000;
        return 'done';
      case 'M115':
        emit(
          `FIRMWARE_NAME:Marlin 2.1.2.4 (Virtual) SOURCE_CODE_URL:github.com/MarlinFirmware/Marlin PROTOCOL_VERSION:1.0 MACHINE_TYPE:${this.o.name} EXTRUDER_COUNT:${this.tools.length} UUID:00000000-0000-4000-8000-000000000000`,
        );
        emit(`Cap:AUTOREPORT_TEMP:${this.o.autoreportTemp ? 1 : 0}`);
        emit(`Cap:EMERGENCY_PARSER:${this.o.emergencyParser ? 1 : 0}`);
        emit('Cap:SDCARD:1');
        emit('Cap:AUTOREPORT_SD_STATUS:1');
        emit(`Cap:CHAMBER_TEMPERATURE:${this.chamber ? 1 : 0}`);
        emit('Cap:EEPROM:0');
        return 'done';
      case 'T0':
      case 'T1':
      case 'T2':
      case 'T3':
        if (Number(m[2]) < this.tools.length) this.activeTool = Number(m[2]);
        else emit(`echo:Invalid extruder ${m[2]}`);
        return 'done';
      // SD card
      case 'M20':
        emit('Begin file list');
        for (const [name, content] of this.sdFiles) emit(`${name} ${Buffer.byteLength(content)}`);
        emit('End file list');
        return 'done';
      case 'M21':
        emit('echo:SD card ok');
        return 'done';
      case 'M23': {
        const name = cmd.slice(m[0].length).trim().toUpperCase();
        const content = this.sdFiles.get(name);
        if (content === undefined) {
          emit(`open failed, File: ${name}.`);
          return 'done';
        }
        this.sdSelected = { name, data: sdData(content) };
        this.sdLine = 0;
        this.sdPrinting = false;
        emit(`File opened: ${name} Size: ${this.sdSelected.data.size}`);
        emit('File selected');
        return 'done';
      }
      case 'M24':
        if (this.sdSelected) this.sdPrinting = true;
        return 'done';
      case 'M25':
        this.sdPrinting = false;
        return 'done';
      case 'M524':
        this.sdPrinting = false;
        this.sdLine = 0;
        return 'done';
      case 'M27':
        if (w.S !== undefined) this.sdAutoreportMs = w.S * 1000;
        else emit(this.sdStatusLine());
        return 'done';
      case 'M30': {
        const name = cmd.slice(m[0].length).trim().toUpperCase();
        if (this.sdFiles.delete(name)) emit(`File deleted:${name}`);
        else emit(`Deletion failed, File: ${name}.`);
        return 'done';
      }
      default:
        // Every other G/M code (M82, M201, M204, M900, M73, M117, M84…) is accepted as-is.
        return 'done';
    }
  }

  get ambient(): number {
    return AMBIENT;
  }
}
