// Full-line comments of the analysis pass: layer markers, print roles (for slicer-comparable filament), wipe
// sections, thumbnails, object labels and the slicer's header/footer metadata. Only a few prefixes are hot.
import { ascii, latin1, parseNumber, skipBlanks, startsWith } from './bytes.js';
import type { LayerIndex, MachineSnapshot } from './layer-index.js';
import type { MetadataCollector } from './metadata.js';
import type { ThumbnailCollector } from './thumbnails.js';
import type { Planner } from './planner.js';
import { parsePrintingObject } from './labels.js';

const C_LAYER_CHANGE = ascii(';LAYER_CHANGE');
const C_LAYER = ascii(';LAYER:');
const C_Z = ascii(';Z:');
const C_HEIGHT = ascii(';HEIGHT:');
const C_WIPE_START = ascii(';WIPE_START');
const C_WIPE_END = ascii(';WIPE_END');
const C_TYPE = ascii(';TYPE:');
const C_WIDTH = ascii(';WIDTH:');
const C_TYPE_CUSTOM = ascii(';TYPE:Custom');
const C_MESH = ascii(';MESH:');
const S_CP_TOOLCHANGE = ascii('; CP TOOLCHANGE ');
const W_UNLOAD = ascii('UNLOAD');
const W_LOAD = ascii('LOAD');
const W_WIPE = ascii('WIPE');
const W_END = ascii('END');
const S_THUMB = ascii('; thumbnail');
const S_THUMB_UPPER = ascii('; THUMBNAIL');
const S_PRINTING = ascii('; printing object');
const S_STOP = ascii('; stop printing');
const S_BAMBU_OBJECT = ascii('; start printing object, unique label id:');
const S_CHANGE_LAYER = ascii('; CHANGE_LAYER');
const S_Z_HEIGHT = ascii('; Z_HEIGHT:');
const S_LAYER_HEIGHT = ascii('; LAYER_HEIGHT:');
const S_FEATURE = ascii('; FEATURE:');
const S_LINE_WIDTH = ascii('; LINE_WIDTH:');
/** PrusaSlicer ≥ 2.6 object outlines (JSON; can exceed the usual 8 KiB comment bound). */
const S_OBJECTS_INFO = ascii('; objects_info = ');
/** Compact ";KEY:" comments worth keeping (Cura header and friends). */
const COMPACT_KEYS = ['TIME:', 'Filament used:', 'Layer height:', 'LAYER_COUNT:', 'MINX:', 'MINY:', 'MINZ:', 'MAXX:', 'MAXY:', 'MAXZ:', 'FLAVOR:', 'Generated with', 'Filament diameter'].map((k) => ascii(';' + k));

/** What the comment reader tells the move code. */
export const ROLE_BEFORE_PRINT = 0;
export const ROLE_PRINT = 1;
export const ROLE_CUSTOM = 2;
export const ROLE_MMU_RAMMING = 3;
export const ROLE_MMU_NOT_CONSUMED = 4;

export class CommentReader {
  /** ROLE_*: decides which extrusion counts as the slicer's "filament used" (start/end G-code and MMU loads do not). */
  role = ROLE_BEFORE_PRINT;
  /** Inside ;WIPE_START … ;WIPE_END (PrusaSlicer times those moves at print acceleration). */
  wiping = false;
  /** The file has slicer roles/markers, so `role` is meaningful. */
  sawRoles = false;

  constructor(
    private readonly deps: {
      layers: LayerIndex;
      meta: MetadataCollector;
      thumbs: ThumbnailCollector;
      planner: Planner;
      snapshot(): MachineSnapshot;
    },
  ) {}

  /** A line whose first non-blank byte at `p` is ';'. */
  line(buf: Buffer, p: number, end: number, offset: number): void {
    const { layers, meta, thumbs } = this.deps;
    if (thumbs.active) return thumbs.line(latin1(buf, p, end));
    const c2 = p + 1 < end ? buf[p + 1] : 0;
    if (c2 === 32) return this.spaced(buf, p, end, offset);
    // Frequent body markers first.
    if (startsWith(buf, p, end, C_WIDTH)) return;
    if (startsWith(buf, p, end, C_TYPE)) {
      this.sawRoles = true;
      if (this.role < ROLE_MMU_RAMMING) this.role = startsWith(buf, p, end, C_TYPE_CUSTOM) ? ROLE_CUSTOM : ROLE_PRINT;
      return;
    }
    if (startsWith(buf, p, end, C_HEIGHT)) return layers.markerHeight(parseNumber(buf, p + C_HEIGHT.length, end));
    if (startsWith(buf, p, end, C_Z)) return layers.markerZ(parseNumber(buf, p + C_Z.length, end));
    if (startsWith(buf, p, end, C_LAYER_CHANGE)) return this.layerMarker(offset);
    if (startsWith(buf, p, end, C_LAYER)) {
      // Cura ";LAYER:n" (negative n = raft layers, still layers)
      if (meta.slicer === 'cura' || meta.cura.has('FLAVOR')) this.layerMarker(offset);
      return;
    }
    if (startsWith(buf, p, end, C_WIPE_START)) {
      this.wiping = true;
      return;
    }
    if (startsWith(buf, p, end, C_WIPE_END)) {
      this.wiping = false;
      return;
    }
    if (startsWith(buf, p, end, C_MESH)) {
      const name = latin1(buf, p + C_MESH.length, end).trim();
      if (name && name !== 'NONMESH') meta.addObject({ id: name, name });
      return;
    }
    for (const key of COMPACT_KEYS) if (startsWith(buf, p, end, key)) return meta.compact(latin1(buf, p, end).trimEnd());
  }

  private layerMarker(offset: number): void {
    this.sawRoles = true;
    if (this.role === ROLE_BEFORE_PRINT || this.role === ROLE_CUSTOM) this.role = ROLE_PRINT;
    // Cura's estimator plans each layer separately (it flushes at every layer comment): mirror it in that model.
    if (this.deps.planner.limits.junctionModel === 'jerk-xy') this.deps.planner.synchronize(0);
    this.deps.layers.marker(offset, this.deps.snapshot());
  }

  /** "; …" comments: thumbnails, labels, Bambu layer markers, MMU tool-change sections, key = value metadata. */
  private spaced(buf: Buffer, p: number, end: number, offset: number): void {
    const { layers, meta, thumbs } = this.deps;
    if (startsWith(buf, p, end, S_FEATURE) || startsWith(buf, p, end, S_LINE_WIDTH)) return;
    if (startsWith(buf, p, end, S_THUMB) || startsWith(buf, p, end, S_THUMB_UPPER)) {
      thumbs.begin(latin1(buf, p, end).trimEnd());
      return;
    }
    if (startsWith(buf, p, end, S_STOP)) return;
    if (startsWith(buf, p, end, S_BAMBU_OBJECT)) {
      // Bambu Studio names objects only in the 3MF; the G-code carries their label ids.
      const id = latin1(buf, p + S_BAMBU_OBJECT.length, end).trim();
      if (id) meta.addObject({ id, name: `Object ${id}` });
      return;
    }
    if (startsWith(buf, p, end, S_PRINTING)) {
      const label = parsePrintingObject(latin1(buf, p, end).trimEnd());
      if (label) meta.addObject(label);
      return;
    }
    if (startsWith(buf, p, end, S_CHANGE_LAYER)) return this.layerMarker(offset);
    if (startsWith(buf, p, end, S_CP_TOOLCHANGE)) {
      // PrusaSlicer wipe tower: ramming counts as used filament; unload, cooling and load moves do not.
      const q = p + S_CP_TOOLCHANGE.length;
      if (startsWith(buf, q, end, W_UNLOAD)) this.role = ROLE_MMU_RAMMING;
      else if (startsWith(buf, q, end, W_LOAD)) this.role = ROLE_MMU_NOT_CONSUMED;
      else if (startsWith(buf, q, end, W_WIPE) || startsWith(buf, q, end, W_END)) this.role = ROLE_PRINT;
      return;
    }
    if (startsWith(buf, p, end, S_Z_HEIGHT)) return layers.markerZ(parseNumber(buf, skipBlanks(buf, p + S_Z_HEIGHT.length, end), end));
    if (startsWith(buf, p, end, S_LAYER_HEIGHT)) return layers.markerHeight(parseNumber(buf, skipBlanks(buf, p + S_LAYER_HEIGHT.length, end), end));
    if (end - p < 8192 || startsWith(buf, p, end, S_OBJECTS_INFO)) meta.spaced(latin1(buf, p, end).trimEnd());
  }
}
