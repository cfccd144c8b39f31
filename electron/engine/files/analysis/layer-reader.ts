// Decodes one layer's byte range (from the analysis layer index) into extrude/travel polylines for the viewer,
// starting from the machine state recorded at the layer start, so the rest of the file is never read.
import { open } from 'node:fs/promises';
import type { LayerGeometry, LayerInfo, LayerPath } from '../../../shared/contract/gcode-analysis.js';
import { FarmError } from '../../../shared/contract/envelope.js';
import { numberEnd, parseNumber, parseUint, skipBlanks } from './bytes.js';
import { scanLines, type LineSink } from './line-scanner.js';
import { arcSegments } from './arc.js';

/** A layer larger than this is refused rather than decoded into a huge point list (vase files stay far below). */
const MAX_LAYER_BYTES = 256 << 20;
/** Bound on returned coordinates (x,y pairs × 2); beyond it the rest of the layer is dropped with `truncated`. */
const MAX_POINTS = 4_000_000;

export async function readLayerSlice(
  path: string,
  layers: readonly LayerInfo[],
  index: number,
  options: { includeTravel?: boolean },
): Promise<LayerGeometry & { truncated?: boolean }> {
  if (!Number.isInteger(index) || index < 0 || index >= layers.length) {
    throw new FarmError('invalid-input', `Layer ${index} does not exist (the file has ${layers.length} layers).`);
  }
  const layer = layers[index];
  if (layer.byteEnd - layer.byteStart > MAX_LAYER_BYTES) {
    throw new FarmError('invalid-input', `Layer ${index} spans ${layer.byteEnd - layer.byteStart} bytes; too large to preview.`);
  }
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new FarmError('not-found', `G-code file not found: ${path}`);
    throw new FarmError('internal', `Cannot open ${path}: ${(error as Error).message}`);
  }
  try {
    const decoder = new LayerDecoder(layer, options.includeTravel ?? true);
    await scanLines(fh, decoder, { from: layer.byteStart, to: layer.byteEnd });
    const result: LayerGeometry & { truncated?: boolean } = { index, z: layer.z, paths: decoder.finish() };
    if (decoder.truncated) result.truncated = true;
    return result;
  } finally {
    await fh.close();
  }
}

class LayerDecoder implements LineSink {
  private x: number;
  private y: number;
  private z: number;
  private e: number;
  private relXyz: boolean;
  private relE: boolean;
  private tool: number;
  private inches = false;
  private readonly paths: LayerPath[] = [];
  private current: LayerPath | null = null;
  private points = 0;
  truncated = false;
  private readonly v = new Float64Array(26);
  private readonly has = new Uint8Array(26);

  constructor(layer: LayerInfo, private readonly includeTravel: boolean) {
    ({ x: this.x, y: this.y, z: this.z, e: this.e, relativeXyz: this.relXyz, relativeE: this.relE, tool: this.tool } = layer.start);
  }

  line(buf: Buffer, start: number, end: number): void {
    let p = skipBlanks(buf, start, end);
    if (p >= end) return;
    const c = buf[p] & 0xdf;
    if (c === 84 /* T */) {
      const t = parseUint(buf, p + 1, end);
      if (t >= 0) this.tool = t;
      return;
    }
    if (c !== 71 && c !== 77) return;
    const code = parseUint(buf, p + 1, end);
    p = numberEnd;
    if (p < end && buf[p] === 46) return;
    if (c === 77) {
      if (code === 82) this.relE = false;
      else if (code === 83) this.relE = true;
      return;
    }
    switch (code) {
      case 0: case 1: case 2: case 3: {
        this.params(buf, p, end);
        const scale = this.inches ? 25.4 : 1;
        const nx = this.axis(23, this.x, this.relXyz, scale);
        const ny = this.axis(24, this.y, this.relXyz, scale);
        const nz = this.axis(25, this.z, this.relXyz, scale);
        const ne = this.axis(4, this.e, this.relE || this.relXyz, scale);
        if (code <= 1) return this.move(nx, ny, nz, ne);
        const i = this.has[8] ? this.v[8] * scale : 0;
        const j = this.has[9] ? this.v[9] * scale : 0;
        const r = this.has[17] ? this.v[17] * scale : NaN;
        const sz = this.z;
        const se = this.e;
        arcSegments(this.x, this.y, nx, ny, i, j, r, code === 2, (fx, fy, t) => this.move(fx, fy, sz + (nz - sz) * t, se + (ne - se) * t));
        return;
      }
      case 20: this.inches = true; return;
      case 21: this.inches = false; return;
      case 90: this.relXyz = false; return;
      case 91: this.relXyz = true; return;
      case 92: {
        this.params(buf, p, end);
        const none = !this.has[23] && !this.has[24] && !this.has[25] && !this.has[4];
        if (none || this.has[23]) this.x = none ? 0 : this.v[23];
        if (none || this.has[24]) this.y = none ? 0 : this.v[24];
        if (none || this.has[25]) this.z = none ? 0 : this.v[25];
        if (none || this.has[4]) this.e = none ? 0 : this.v[4];
        return;
      }
      default:
        return;
    }
  }

  private params(buf: Buffer, p: number, end: number): void {
    this.has.fill(0);
    while (p < end) {
      const ch = buf[p];
      if (ch === 59 || ch === 42) break;
      const u = (ch & 0xdf) - 65;
      if (u >= 0 && u < 26) {
        const value = parseNumber(buf, p + 1, end);
        if (value === value) {
          this.v[u] = value;
          this.has[u] = 1;
        }
        p = numberEnd > p + 1 ? numberEnd : p + 1;
      } else p++;
    }
  }

  private axis(slot: number, current: number, relative: boolean, scale: number): number {
    if (!this.has[slot]) return current;
    return relative ? current + this.v[slot] * scale : this.v[slot] * scale;
  }

  private move(nx: number, ny: number, nz: number, ne: number): void {
    const moved = nx !== this.x || ny !== this.y;
    const extrude = moved && ne > this.e;
    if (moved && (extrude || this.includeTravel) && !this.truncated) {
      const kind = extrude ? 'extrude' : 'travel';
      let path = this.current;
      if (!path || path.kind !== kind || path.tool !== this.tool) {
        path = { kind, tool: this.tool, points: [this.x, this.y] };
        this.paths.push(path);
        this.current = path;
        this.points += 2;
      }
      path.points.push(nx, ny);
      this.points += 2;
      if (this.points >= MAX_POINTS) this.truncated = true;
    } else if (moved) this.current = null;
    this.x = nx;
    this.y = ny;
    this.z = nz;
    this.e = ne;
  }

  finish(): LayerPath[] {
    const round = (v: number) => Math.round(v * 1000) / 1000;
    for (const path of this.paths) for (let i = 0; i < path.points.length; i++) path.points[i] = round(path.points[i]);
    return this.paths;
  }
}
