// Builds the per-layer byte-offset index two ways at once — slicer markers (;LAYER_CHANGE, ;LAYER:n, ; CHANGE_LAYER)
// and Z changes of extruding moves — and keeps the marker version when the file has markers.
import type { LayerInfo } from '../../../shared/contract/gcode-analysis.js';

export interface MachineSnapshot {
  x: number;
  y: number;
  z: number;
  e: number;
  relativeXyz: boolean;
  relativeE: boolean;
  tool: number;
}

interface LayerRecord {
  z: number;
  zKnown: boolean;
  height: number; // NaN until ;HEIGHT: or computed
  byteStart: number;
  byteEnd: number;
  start: MachineSnapshot;
  startSeconds: number; // NaN until the planner times its first block
}

/** Layers indexed at most; beyond it they are only counted (bounded memory on hostile input). */
export const MAX_LAYERS = 100_000;

/** Z steps smaller than this do not start a new layer in Z mode (vase mode climbs continuously). */
const Z_LAYER_EPSILON = 0.02;

export class LayerIndex {
  readonly markers: LayerRecord[] = [];
  readonly zLayers: LayerRecord[] = [];
  markerOverflow = 0;
  zOverflow = 0;
  /** The current marker layer has no Z yet (the interpreter only calls extrusionAt when Z changes or this is set). */
  markerZPending = false;
  private heightPending = false;
  /** Offset/state of the most recent line that changed Z (start of a Z-mode layer). */
  private zChangeOffset = -1;

  get markerIndex(): number {
    return this.markers.length - 1;
  }
  get zIndex(): number {
    return this.zLayers.length - 1;
  }

  /** A layer-change marker comment at `offset`, with the machine state at that point. */
  marker(offset: number, snap: MachineSnapshot): void {
    if (this.markers.length >= MAX_LAYERS) {
      // Pathological input (real prints have < 20,000 layers): count, but stop indexing to bound memory.
      this.markerOverflow++;
      return;
    }
    const prev = this.markers[this.markers.length - 1];
    if (prev) prev.byteEnd = offset;
    this.markerZPending = true;
    this.markers.push({ z: snap.z, zKnown: false, height: NaN, byteStart: offset, byteEnd: offset, start: snap, startSeconds: NaN });
    this.heightPending = true;
  }

  /** ;Z:0.2 / ; Z_HEIGHT: 0.2 right after the marker. */
  markerZ(z: number): void {
    const cur = this.markers[this.markers.length - 1];
    if (cur && !cur.zKnown && Number.isFinite(z)) {
      cur.z = z;
      cur.zKnown = true;
      this.markerZPending = false;
    }
  }

  /** ;HEIGHT:0.2 — the first one after the marker is the layer height. */
  markerHeight(h: number): void {
    const cur = this.markers[this.markers.length - 1];
    if (cur && this.heightPending && Number.isFinite(h)) {
      cur.height = h;
      this.heightPending = false;
    }
  }

  /** Called before a Z-changing move executes, with the state before it (once per line: arcs call it per segment). */
  zChanging(offset: number, m: MachineSnapshot): void {
    if (this.zChangeSet && offset === this.zChangeOffset) return;
    // Copy into scalars: Z changes happen on every travel with lift, so no allocation here.
    this.zChangeOffset = offset;
    this.zChangeSet = true;
    const s = this.zs;
    s.x = m.x; s.y = m.y; s.z = m.z; s.e = m.e; s.relativeXyz = m.relativeXyz; s.relativeE = m.relativeE; s.tool = m.tool;
  }
  private zChangeSet = false;
  private readonly zs: MachineSnapshot = { x: 0, y: 0, z: 0, e: 0, relativeXyz: false, relativeE: false, tool: 0 };

  /** An extruding move at height z (line at `offset`); `source` gives the current state if a layer starts here. */
  extrusionAt(z: number, offset: number, source: { snapshot(): MachineSnapshot }): void {
    const cur = this.markers[this.markers.length - 1];
    if (cur && !cur.zKnown) {
      cur.z = z;
      cur.zKnown = true;
    }
    this.markerZPending = false;
    const last = this.zLayers[this.zLayers.length - 1];
    if (!last || Math.abs(z - last.z) >= Z_LAYER_EPSILON) {
      if (this.zLayers.length >= MAX_LAYERS) {
        this.zOverflow++;
        last.z = z; // keep comparing against the latest Z so each further change counts once
        return;
      }
      const byteStart = this.zChangeSet ? this.zChangeOffset : offset;
      const start = this.zChangeSet ? { ...this.zs } : source.snapshot();
      if (last) last.byteEnd = byteStart;
      this.zLayers.push({ z, zKnown: true, height: NaN, byteStart, byteEnd: byteStart, start, startSeconds: NaN });
      this.zChangeSet = false;
    }
  }

  /** Planner callback: the first block of layer (marker a, z-layer b) starts at `seconds`. */
  timeAt(a: number, b: number, seconds: number): void {
    if (a >= 0 && a < this.markers.length && Number.isNaN(this.markers[a].startSeconds)) this.markers[a].startSeconds = seconds;
    if (b >= 0 && b < this.zLayers.length && Number.isNaN(this.zLayers[b].startSeconds)) this.zLayers[b].startSeconds = seconds;
  }

  finish(fileBytes: number, totalSeconds: number): { layers: LayerInfo[]; source: 'markers' | 'z-changes'; unindexed: number } {
    const useMarkers = this.markers.length > 0;
    const unindexed = useMarkers ? this.markerOverflow : this.zOverflow;
    const list = useMarkers ? this.markers : this.zLayers;
    if (list.length > 0) list[list.length - 1].byteEnd = fileBytes;
    const layers: LayerInfo[] = [];
    let prevZ = 0;
    let nextSeconds = totalSeconds;
    const seconds = new Array<number>(list.length);
    for (let i = list.length - 1; i >= 0; i--) {
      // Layers without timed moves (empty markers) start when the next one does.
      if (!Number.isNaN(list[i].startSeconds)) nextSeconds = Math.min(nextSeconds, list[i].startSeconds);
      seconds[i] = nextSeconds;
    }
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      const height = Number.isNaN(r.height) ? Math.max(0, r.z - prevZ) : r.height;
      layers.push({
        z: round(r.z),
        height: round(height),
        byteStart: r.byteStart,
        byteEnd: r.byteEnd,
        start: r.start,
        startSeconds: Math.round(seconds[i] * 1000) / 1000,
      });
      prevZ = r.z;
    }
    return { layers, source: useMarkers ? 'markers' : 'z-changes', unindexed };
  }
}

function round(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}
