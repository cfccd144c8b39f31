// Contract group `files`: the G-code library (folders, rename/move/delete, import, analysis, layer preview, watched folder).
import { z } from 'zod';
import type { ContractGroup } from './envelope.js';
import { Empty } from './common.js';
import { LayerGeometry, OwnAnalysis, SlicerMetadata, Thumbnail } from './gcode-analysis.js';

export const FileId = z.string().min(1).max(64);
export const FileKind = z.enum(['gcode', '3mf']);
export const FileSource = z.enum(['import', 'upload', 'watch', 'octoprint']);
export const AnalysisStatus = z.enum(['pending', 'running', 'done', 'failed']);
export type AnalysisStatus = z.infer<typeof AnalysisStatus>;

/** A folder path inside the library: '' is the root, segments joined by '/'. Validated again in the engine. */
export const FolderPath = z.string().max(1000);

/** The part of an analysis lists need: the slicer's figures and ours, without layers and image data. */
export const AnalysisSummary = z.object({
  slicer: SlicerMetadata.omit({ thumbnails: true, objects: true }).extend({ objectCount: z.number().int() }),
  own: OwnAnalysis.omit({ layers: true }),
  /** Embedded previews available through `files.thumbnail` (largest last). */
  thumbnails: z.array(Thumbnail.omit({ base64: true })),
});
export type AnalysisSummary = z.infer<typeof AnalysisSummary>;

export const FileAnalysisState = z.object({
  status: AnalysisStatus,
  /** 0..1 while running; null otherwise. */
  progress: z.number().min(0).max(1).nullable(),
  error: z.string().nullable(),
  summary: AnalysisSummary.nullable(),
});
export type FileAnalysisState = z.infer<typeof FileAnalysisState>;

export const FileEntry = z.object({
  id: FileId,
  name: z.string(),
  folder: FolderPath,
  /** folder + '/' + name (or just name at the root). */
  path: z.string(),
  sha256: z.string(),
  size: z.number().int().nonnegative(),
  kind: FileKind,
  source: FileSource,
  addedAt: z.number(),
  updatedAt: z.number(),
  analysis: FileAnalysisState,
});
export type FileEntry = z.infer<typeof FileEntry>;

/** One file with what the detail view and the layer viewer need beyond the list row. */
export const FileDetail = FileEntry.extend({
  /** Z of every layer, index = layer number (empty until analysed). */
  layerZ: z.array(z.number()),
  objects: SlicerMetadata.shape.objects,
});
export type FileDetail = z.infer<typeof FileDetail>;

export const FolderListing = z.object({
  folder: FolderPath,
  /** Direct sub-folders (full paths). Empty when searching. */
  folders: z.array(FolderPath),
  files: z.array(FileEntry),
});
export type FolderListing = z.infer<typeof FolderListing>;

export const ImportResult = z.object({
  file: FileEntry,
  /** The same bytes were already stored: no copy was kept and the cached analysis was reused. */
  duplicate: z.boolean(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const WatchSettings = z.object({
  enabled: z.boolean(),
  /** Absolute folder on this machine whose new .gcode / .gcode.3mf files are imported. */
  path: z.string().max(4096).nullable(),
  /** Library folder they land in. */
  folder: FolderPath,
});
export type WatchSettings = z.infer<typeof WatchSettings>;

export const WatchState = WatchSettings.extend({
  watching: z.boolean(),
  /** Why watching stopped or did not start (folder missing, not readable). */
  error: z.string().nullable(),
});
export type WatchState = z.infer<typeof WatchState>;

/** Where slicers upload ("send to OctoPrint") and the limits that apply. */
export const UploadInfo = z.object({
  endpoint: z.string(),
  maxBytes: z.number().int().positive(),
  accepted: z.array(z.string()),
});

const ById = z.object({ id: FileId }).strict();

export const files = {
  list: {
    kind: 'query',
    summary: 'Files and sub-folders of one library folder, or every file whose name matches a search',
    input: z
      .object({ folder: FolderPath.default(''), search: z.string().max(200).optional() })
      .strict()
      .optional()
      .transform((v) => v ?? { folder: '' }),
    output: FolderListing,
  },
  get: { kind: 'query', summary: 'One file with its analysis summary, layer heights and object labels', input: ById, output: FileDetail },
  thumbnail: {
    kind: 'query',
    summary: 'The embedded preview image of a file (largest by default), or null when the file has none',
    input: z.object({ id: FileId, maxWidth: z.number().int().positive().optional() }).strict(),
    output: Thumbnail.nullable(),
  },
  rename: {
    kind: 'command',
    summary: 'Rename a file (same extension rules as an import)',
    input: z.object({ id: FileId, name: z.string().min(1).max(255) }).strict(),
    output: FileEntry,
  },
  move: {
    kind: 'command',
    summary: 'Move a file to another library folder (created if missing)',
    input: z.object({ id: FileId, folder: FolderPath }).strict(),
    output: FileEntry,
  },
  delete: {
    kind: 'command',
    summary: 'Delete a file; entries that job history refers to are kept as soft-deleted',
    input: ById,
    output: z.object({ id: FileId, mode: z.enum(['removed', 'soft-deleted']) }),
  },
  mkdir: {
    kind: 'command',
    summary: 'Create a library folder (and its parents)',
    input: z.object({ path: FolderPath.min(1) }).strict(),
    output: z.object({ path: FolderPath }),
  },
  rmdir: {
    kind: 'command',
    summary: 'Remove an empty library folder',
    input: z.object({ path: FolderPath.min(1) }).strict(),
    output: z.object({ path: FolderPath }),
  },
  moveFolder: {
    kind: 'command',
    summary: 'Rename or move a folder with everything in it',
    input: z.object({ from: FolderPath.min(1), to: FolderPath.min(1) }).strict(),
    output: z.object({ path: FolderPath }),
  },
  importPath: {
    kind: 'command',
    summary: 'Import a file from a path on this machine (desktop drag-and-drop and file dialog)',
    input: z.object({ path: z.string().min(1).max(4096), folder: FolderPath.default('') }).strict(),
    output: ImportResult,
  },
  analysis: {
    kind: 'query',
    summary: 'Analysis state and progress of a file',
    input: ById,
    output: FileAnalysisState,
  },
  reanalyze: {
    kind: 'command',
    summary: 'Run the analysis again (after an analyzer update or a failure)',
    input: ById,
    output: FileAnalysisState,
  },
  layer: {
    kind: 'query',
    summary: 'Polylines of one layer for the layer viewer (extrusions, and travels unless excluded)',
    input: z.object({ id: FileId, layer: z.number().int().nonnegative(), travel: z.boolean().default(true) }).strict(),
    output: LayerGeometry,
  },
  watchSettings: { kind: 'query', summary: 'The watched import folder and whether it is being watched', input: Empty, output: WatchState },
  setWatchSettings: {
    kind: 'command',
    summary: 'Set (or turn off) the watched import folder',
    input: WatchSettings.extend({ folder: FolderPath.default('') }).strict(),
    output: WatchState,
  },
  uploadInfo: { kind: 'query', summary: 'The slicer upload endpoint and its size limit', input: Empty, output: UploadInfo },
} as const satisfies ContractGroup;

/** Pushed events of the library (registered in events.ts). */
export const fileEvents = {
  /** Upload bytes received (phase 'upload') or analysis progress (phase 'analysis'), at most ~10 per second per file. */
  'file:progress': z.object({
    phase: z.enum(['upload', 'analysis']),
    sha256: z.string().nullable(),
    fileIds: z.array(FileId),
    name: z.string().nullable(),
    fraction: z.number().min(0).max(1).nullable(),
    bytes: z.number().int().nonnegative().nullable(),
  }),
  /** An analysis finished (done or failed); the entries sharing the hash now carry it. */
  'file:analyzed': z.object({
    sha256: z.string(),
    fileIds: z.array(FileId),
    status: z.enum(['done', 'failed']),
    error: z.string().nullable(),
  }),
  /** The library changed (lists should refetch). */
  'files:changed': z.object({
    reason: z.enum(['added', 'renamed', 'moved', 'deleted', 'folders', 'analysis']),
    fileIds: z.array(FileId),
  }),
} as const;
