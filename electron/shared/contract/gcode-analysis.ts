// Result schema of the G-code analyzer (issue #5 items 3–4): slicer metadata beside our own streaming analysis.
import { z } from 'zod';

/** Which program wrote the file, from its header/footer. */
export const SlicerName = z.enum(['prusaslicer', 'superslicer', 'orcaslicer', 'bambustudio', 'cura', 'unknown']);
export type SlicerName = z.infer<typeof SlicerName>;

/** Firmware dialect the file was written for; decides units of M203/M566 and which limit commands apply. */
export const GcodeFlavor = z.enum(['marlin', 'marlin2', 'reprapfirmware', 'klipper', 'unknown']);
export type GcodeFlavor = z.infer<typeof GcodeFlavor>;

/** An embedded preview image, always returned as base64 PNG or JPEG (QOI is decoded and re-encoded to PNG). */
export const Thumbnail = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Format of `base64` (what the renderer can show directly). */
  format: z.enum(['png', 'jpg']),
  /** Format as stored in the file (qoi becomes png in `base64`). */
  sourceFormat: z.enum(['png', 'jpg', 'qoi']),
  base64: z.string(),
});
export type Thumbnail = z.infer<typeof Thumbnail>;

/** An object the file labels (PrusaSlicer comments, EXCLUDE_OBJECT_DEFINE, M486) — for "skip object". */
export const ObjectLabel = z.object({
  id: z.string(),
  name: z.string(),
  /** Centre and outline when the file gives them (EXCLUDE_OBJECT_DEFINE CENTER/POLYGON). */
  center: z.tuple([z.number(), z.number()]).optional(),
  polygon: z.array(z.tuple([z.number(), z.number()])).optional(),
});
export type ObjectLabel = z.infer<typeof ObjectLabel>;

/** Figures the slicer itself wrote into the file. Every field is optional: slicers differ in what they emit. */
export const SlicerMetadata = z.object({
  slicer: SlicerName,
  slicerVersion: z.string().optional(),
  flavor: GcodeFlavor,
  /** Slicer's print-time estimate in seconds (PrusaSlicer "normal mode", Cura ;TIME). */
  estimatedSeconds: z.number().nonnegative().optional(),
  /** PrusaSlicer "silent mode" (stealth) estimate. */
  estimatedSecondsSilent: z.number().nonnegative().optional(),
  /** Per extruder (index = tool number); PrusaSlicer lists, Cura a single total. */
  filamentMm: z.array(z.number()).optional(),
  filamentCm3: z.array(z.number()).optional(),
  filamentG: z.array(z.number()).optional(),
  filamentCost: z.array(z.number()).optional(),
  filamentType: z.array(z.string()).optional(),
  filamentDiameter: z.array(z.number()).optional(),
  nozzleDiameter: z.array(z.number()).optional(),
  layerHeight: z.number().optional(),
  firstLayerHeight: z.number().optional(),
  bedTemperature: z.number().optional(),
  firstLayerBedTemperature: z.number().optional(),
  nozzleTemperature: z.array(z.number()).optional(),
  firstLayerNozzleTemperature: z.array(z.number()).optional(),
  printerModel: z.string().optional(),
  printerSettingsId: z.string().optional(),
  /** Layer count the slicer states (Cura ;LAYER_COUNT, Orca/Bambu "total layer number"). */
  layerCount: z.number().int().optional(),
  /** Bounding box the slicer states (Cura ;MINX…;MAXZ). */
  bbox: z
    .object({ min: z.tuple([z.number(), z.number(), z.number()]), max: z.tuple([z.number(), z.number(), z.number()]) })
    .optional(),
  objects: z.array(ObjectLabel),
  thumbnails: z.array(Thumbnail),
});
export type SlicerMetadata = z.infer<typeof SlicerMetadata>;

export const BoundingBox = z.object({
  min: z.tuple([z.number(), z.number(), z.number()]),
  max: z.tuple([z.number(), z.number(), z.number()]),
});
export type BoundingBox = z.infer<typeof BoundingBox>;

/**
 * One layer: its Z, height, and where it sits in the file, so the layer viewer can read just that byte range
 * (`readLayer`) instead of re-parsing the whole file.
 */
export const LayerInfo = z.object({
  z: z.number(),
  height: z.number(),
  /** Byte offset of the first byte of the layer (the layer-change marker line or first move at the new Z). */
  byteStart: z.number().int().nonnegative(),
  /** Byte offset one past the layer's last byte. */
  byteEnd: z.number().int().nonnegative(),
  /** Machine state at layerStart so a slice can be decoded standalone. */
  start: z.object({
    x: z.number(),
    y: z.number(),
    z: z.number(),
    e: z.number(),
    relativeXyz: z.boolean(),
    relativeE: z.boolean(),
    tool: z.number().int(),
  }),
  /** Seconds from the start of the print to the start of this layer (our planner). */
  startSeconds: z.number().nonnegative(),
});
export type LayerInfo = z.infer<typeof LayerInfo>;

/** Our own streaming-pass figures. */
export const OwnAnalysis = z.object({
  /** Extent of extruding moves only (skirt included; travels and purge parks excluded when not extruding). */
  bbox: BoundingBox.nullable(),
  /** Extent of the print itself: like bbox but without custom start/end G-code (purge lines, prime blobs). */
  printBbox: BoundingBox.nullable(),
  layerCount: z.number().int().nonnegative(),
  /** How layers were counted: slicer markers (;LAYER_CHANGE / ;LAYER:) or Z changes with extrusion. */
  layerSource: z.enum(['markers', 'z-changes']),
  layers: z.array(LayerInfo),
  toolChanges: z.number().int().nonnegative(),
  /** Tools used, ascending. */
  tools: z.array(z.number().int().nonnegative()),
  /** Net filament pushed per extruder, mm (retractions cancel their recoveries). */
  filamentMm: z.array(z.number()),
  /** Print-time estimate from the kinematic planner, seconds — motion + dwells, WITHOUT heat-up waits. */
  estimatedSeconds: z.number().nonnegative(),
  /** Seconds spent in G4 dwells (included in estimatedSeconds); dwells before the first move count as heat-up. */
  dwellSeconds: z.number().nonnegative(),
  /**
   * Seconds of firmware retractions (G10/G11 with the M207/M208 lengths and speeds). Like the slicers' own estimators
   * we keep them out of estimatedSeconds; add them for the full machine time. Always set by the analyzer
   * (optional only so results/fixtures from before it existed still parse).
   */
  firmwareRetractSeconds: z.number().nonnegative().optional(),
  /** Number of M109/M190/M116/M191 waits; their duration is unknowable from the file. */
  heatWaits: z.number().int().nonnegative(),
  /** Rough heat-up estimate, seconds: M109/M190… waits plus dwells before the first move. NOT in estimatedSeconds. */
  heatUpSeconds: z.number().nonnegative(),
  lineCount: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  moveCount: z.number().int().nonnegative(),
  /** Limits the planner used and where they came from. */
  limits: z.object({
    source: z.enum(['file', 'profile', 'default']),
    maxAccel: z.number(),
    maxFeedrate: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    jerk: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    junctionDeviation: z.number().nullable(),
    /** Corner model: per-axis classic jerk, combined XY jerk (Marlin 1.0 / Cura), or junction deviation. */
    junctionModel: z.enum(['jerk', 'jerk-xy', 'junction-deviation']),
  }),
  /** True when the file ended mid-line or looked cut short (no end G-code / footer). */
  truncated: z.boolean(),
  warnings: z.array(z.string()),
});
export type OwnAnalysis = z.infer<typeof OwnAnalysis>;

export const GcodeAnalysis = z.object({
  /** Schema version; bump when the cached result shape changes so the cache is invalidated. */
  version: z.literal(3),
  slicer: SlicerMetadata,
  analysis: OwnAnalysis,
  /** Wall-clock ms the analysis took. */
  elapsedMs: z.number().nonnegative(),
});
export type GcodeAnalysis = z.infer<typeof GcodeAnalysis>;

/** Printer-profile fallbacks used when the file carries no M201/M203/M204/M205 (e.g. PrusaSlicer "time_estimate_only"). */
export const AnalysisProfile = z.object({
  maxAccel: z.number().positive().optional(),
  travelAccel: z.number().positive().optional(),
  retractAccel: z.number().positive().optional(),
  /** mm/s X,Y,Z,E */
  maxFeedrate: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** mm/s² X,Y,Z,E */
  maxAxisAccel: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** Classic jerk mm/s X,Y,Z,E */
  jerk: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
  /** Marlin junction deviation (mm); when set, the planner uses JD instead of classic jerk for XYZ. */
  junctionDeviation: z.number().positive().optional(),
});
export type AnalysisProfile = z.infer<typeof AnalysisProfile>;

/** One polyline of a layer for the viewer: flat [x0,y0,x1,y1,…] in mm. */
export const LayerPath = z.object({
  kind: z.enum(['extrude', 'travel']),
  tool: z.number().int().nonnegative(),
  points: z.array(z.number()),
});
export type LayerPath = z.infer<typeof LayerPath>;

export const LayerGeometry = z.object({
  index: z.number().int().nonnegative(),
  z: z.number(),
  paths: z.array(LayerPath),
});
export type LayerGeometry = z.infer<typeof LayerGeometry>;
