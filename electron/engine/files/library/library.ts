// The G-code library service: imports (stream, path), folders, rename/move/delete, search, analysis and preview access.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { FarmError } from '../../../shared/contract/envelope.js';
import type {
  FileAnalysisState,
  FileDetail,
  FileEntry,
  FolderListing,
  ImportResult,
} from '../../../shared/contract/files.js';
import type { LayerGeometry, Thumbnail } from '../../../shared/contract/gcode-analysis.js';
import type { FileRow, FileSourceName, FilesRepo } from '../../store/files-repo.js';
import { readLayer } from '../analyze.js';
import { AnalysisRunner, type FileAnalyzer } from './analysis-runner.js';
import { configuredMaxUploadBytes, ContentStore, SizeLimitError, type StagedBlob } from './content-store.js';
import { analysisStateOf, toFileEntry } from './entries.js';
import type { LibraryEvents } from './events.js';
import { AnalysisSources } from './package-source.js';
import { FullAnalysisCache, pickThumbnail } from './analysis-cache.js';
import { LibraryFolders } from './folders.js';
import { Retirement } from './retire.js';
import { folderAncestors, normalizeFolder, numberedName, validateFileName, type FileKind } from './names.js';

const SEARCH_LIMIT = 500;
const UPLOAD_PROGRESS_INTERVAL_MS = 100;

export interface LibraryOptions {
  /** Blobs live under <dataDir>/files. */
  dataDir: string;
  repo: FilesRepo;
  events: LibraryEvents;
  /** The analyzer (worker pool); null leaves analyses pending (tools that only move files). */
  analyzer: FileAnalyzer | null;
  /** Size limit for every import path (upload, drop, watch); default 1 GiB. */
  maxBytes?: number;
  now?: () => number;
}

export interface ImportOptions {
  name: string;
  folder?: string;
  source: FileSourceName;
  /**
   * A different file with this name already in the folder: 'replace' retires the old entry (OctoPrint semantics,
   * what a slicer re-sending a re-sliced file expects); 'rename' keeps both as 'name (2).gcode'.
   */
  onConflict?: 'replace' | 'rename';
  /** Content-Length when known, for upload progress. */
  expectedBytes?: number;
  signal?: AbortSignal;
}

export interface StagedUpload {
  name: string;
  kind: FileKind;
  blob: StagedBlob;
}

export class FileLibrary {
  readonly store: ContentStore;
  readonly maxBytes: number;
  private readonly repo: FilesRepo;
  private readonly events: LibraryEvents;
  private readonly runner: AnalysisRunner;
  private readonly now: () => number;
  private lock: Promise<unknown> = Promise.resolve();
  private readonly analyses: FullAnalysisCache;
  private readonly folders: LibraryFolders;
  private readonly sources: AnalysisSources;
  private readonly retirement: Retirement;

  constructor(options: LibraryOptions) {
    this.store = new ContentStore(path.join(options.dataDir, 'files'));
    this.sources = new AnalysisSources(this.store);
    this.analyses = new FullAnalysisCache(options.repo);
    this.folders = new LibraryFolders(options.repo, options.events, options.now ?? Date.now);
    this.repo = options.repo;
    this.events = options.events;
    this.maxBytes = options.maxBytes ?? configuredMaxUploadBytes();
    this.now = options.now ?? Date.now;
    this.runner = new AnalysisRunner({
      repo: this.repo,
      analyzer: options.analyzer,
      sources: this.sources,
      events: this.events,
      now: this.now,
    });
    this.retirement = new Retirement({ repo: this.repo, store: this.store, sources: this.sources, runner: this.runner, analyses: this.analyses });
  }

  async init(): Promise<void> {
    await this.store.init();
    this.runner.resume();
  }

  async close(): Promise<void> {
    await this.runner.close();
  }

  blobPath(sha256: string): string {
    return this.store.pathOf(sha256);
  }

  /** Resolves when the analysis of this file's bytes has finished (immediately when cached). */
  whenAnalysed(id: string): Promise<void> {
    return this.runner.schedule(this.row(id).sha256);
  }

  // ---- import ----

  /** Import bytes from a stream (upload, drop in the browser). The name is checked before a byte is read. */
  async importStream(source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream, options: ImportOptions): Promise<ImportResult> {
    const folder = normalizeFolder(options.folder);
    const staged = await this.stageUpload(source, options);
    return this.commitUpload(staged, { ...options, folder });
  }

  /**
   * First half of an upload: check the name, stream the bytes to a temp file (hashing, size limit, progress events).
   * The upload API uses the halves separately because a multipart form may name the target folder after the file.
   */
  async stageUpload(
    source: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
    options: Pick<ImportOptions, 'name' | 'expectedBytes' | 'signal'>,
  ): Promise<StagedUpload> {
    const { name, kind } = validateFileName(options.name);
    let lastEmit = 0;
    const onBytes = (bytes: number) => {
      const now = Date.now();
      if (now - lastEmit < UPLOAD_PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      this.events.emit('file:progress', {
        phase: 'upload',
        sha256: null,
        fileIds: [],
        name,
        fraction: options.expectedBytes ? Math.min(1, bytes / options.expectedBytes) : null,
        bytes,
      });
    };
    const blob = await this.store.stage(source, { maxBytes: this.maxBytes, onBytes, signal: options.signal });
    return { name, kind, blob };
  }

  /** Second half: file the staged bytes under a folder (validated here). */
  async commitUpload(staged: StagedUpload, options: Omit<ImportOptions, 'name'>): Promise<ImportResult> {
    let folder: string;
    try {
      folder = normalizeFolder(options.folder);
    } catch (error) {
      await this.store.discard(staged.blob);
      throw error;
    }
    const result = await this.finishImport(staged.name, staged.kind, folder, options, async () => {
      const stored = await this.store.commit(staged.blob);
      return { sha256: stored.sha256, size: stored.size, existed: stored.existed };
    });
    // Closes the upload's progress for views that watched it arrive (e.g. a slicer sending over the network).
    this.events.emit('file:progress', {
      phase: 'upload',
      sha256: result.file.sha256,
      fileIds: [result.file.id],
      name: staged.name,
      fraction: 1,
      bytes: result.file.size,
    });
    return result;
  }

  /** Drop a staged upload (the request was refused after the bytes arrived). */
  discardUpload(staged: StagedUpload): Promise<void> {
    return this.store.discard(staged.blob);
  }

  /**
   * Import a file from this machine (desktop drop, file dialog, watched folder). The file is hashed in place first:
   * when the library already holds these bytes nothing is copied and the cached analysis is reused.
   */
  async importPath(filePath: string, options: Omit<ImportOptions, 'name'> & { name?: string }): Promise<ImportResult> {
    if (!path.isAbsolute(filePath)) throw new FarmError('invalid-input', `'${filePath}' is not an absolute path.`);
    const { name, kind } = validateFileName(options.name ?? path.basename(filePath));
    const folder = normalizeFolder(options.folder);
    let stat: fs.Stats;
    try {
      stat = await fsp.stat(filePath);
    } catch {
      throw new FarmError('not-found', `There is no file at '${filePath}'.`);
    }
    if (!stat.isFile()) throw new FarmError('invalid-input', `'${filePath}' is not a regular file.`);
    if (stat.size > this.maxBytes) throw new SizeLimitError(this.maxBytes);
    const { sha256, size } = await this.store.hashFile(filePath, options.signal);
    if (this.repo.getBlob(sha256)) {
      const hit = await this.finishImport(name, kind, folder, options, async () =>
        (await this.store.has(sha256)) ? { sha256, size, existed: true } : null,
      ).catch((error: unknown) => {
        if (error instanceof BlobVanished) return null;
        throw error;
      });
      if (hit) return hit;
    }
    return this.importStream(fs.createReadStream(filePath, { highWaterMark: 1 << 20 }), {
      ...options,
      name,
      folder,
      expectedBytes: stat.size,
    });
  }

  private async finishImport(
    name: string,
    kind: FileKind,
    folder: string,
    options: Pick<ImportOptions, 'source' | 'onConflict'>,
    commit: () => Promise<{ sha256: string; size: number; existed: boolean } | null>,
  ): Promise<ImportResult> {
    const outcome = await this.exclusive(async () => {
      const stored = await commit();
      if (!stored) throw new BlobVanished();
      const now = this.now();
      const result = this.repo.transaction(() => {
        const blobIsNew = this.repo.ensureBlob(stored.sha256, stored.size, kind, now);
        this.repo.ensureFolders(folderAncestors(folder), now);
        const sameName = this.repo.findByName(folder, name);
        if (sameName && sameName.sha256 === stored.sha256) return { id: sameName.id, created: false, retired: null as FileRow | null, blobIsNew };
        let finalName = name;
        let retired: FileRow | null = null;
        if (sameName) {
          if ((options.onConflict ?? 'rename') === 'replace') {
            retired = sameName;
            this.retirement.retireEntry(sameName, now);
          } else {
            finalName = this.freeName(folder, name);
          }
        }
        const id = randomUUID();
        this.repo.insertFile({ id, name: finalName, folder, sha256: stored.sha256, source: options.source, now });
        return { id, created: true, retired, blobIsNew };
      });
      if (result.retired) await this.retirement.collectBlob(result.retired.sha256);
      return { ...result, existed: stored.existed && !result.blobIsNew, sha256: stored.sha256 };
    });
    if (outcome.created) this.events.emit('files:changed', { reason: 'added', fileIds: [outcome.id] });
    if (outcome.retired) this.events.emit('files:changed', { reason: 'deleted', fileIds: [outcome.retired.id] });
    // Hash hit: the runner sees a cached (or running) analysis and does nothing.
    void this.runner.schedule(outcome.sha256);
    return { file: this.entry(this.row(outcome.id)), duplicate: outcome.existed };
  }

  // ---- queries ----

  list(input: { folder?: string; search?: string }): FolderListing {
    const search = input.search?.trim();
    if (search) {
      return { folder: '', folders: [], files: this.repo.searchByName(search, SEARCH_LIMIT).map((r) => this.entry(r)) };
    }
    const folder = normalizeFolder(input.folder);
    if (!this.repo.folderExists(folder)) throw new FarmError('not-found', `There is no folder '${folder}' in the library.`);
    return { folder, folders: this.repo.childFolders(folder), files: this.repo.listFolder(folder).map((r) => this.entry(r)) };
  }

  get(id: string): FileEntry {
    return this.entry(this.row(id));
  }

  detail(id: string): FileDetail {
    const row = this.row(id);
    const full = this.analyses.get(row);
    return {
      ...this.entry(row),
      layerZ: full ? full.analysis.layers.map((l) => l.z) : [],
      objects: full ? full.slicer.objects : [],
    };
  }

  analysisState(id: string): FileAnalysisState {
    const row = this.row(id);
    return analysisStateOf(row, this.runner.progressOf(row.sha256));
  }

  /** The embedded preview: the largest, or the largest not wider than maxWidth (else the smallest). */
  thumbnail(id: string, maxWidth?: number): Thumbnail | null {
    return pickThumbnail(this.analyses.get(this.row(id))?.slicer.thumbnails ?? [], maxWidth);
  }

  async layer(id: string, index: number, includeTravel: boolean): Promise<LayerGeometry> {
    const row = this.row(id);
    const full = this.analyses.get(row);
    if (!full) {
      const state = row.blob.analysisStatus;
      throw new FarmError(
        'unavailable',
        state === 'failed'
          ? `'${row.name}' could not be analysed (${row.blob.analysisError ?? 'unknown error'}), so it has no layers to show.`
          : `'${row.name}' is still being analysed; its layers appear when the analysis finishes.`,
      );
    }
    const layers = full.analysis.layers;
    if (index >= layers.length) throw new FarmError('not-found', `Layer ${index} does not exist; '${row.name}' has ${layers.length} layers.`);
    return readLayer(this.sources.pathFor(row.sha256, row.blob.kind), layers, index, { includeTravel });
  }

  // ---- changes ----

  rename(id: string, newName: string): Promise<FileEntry> {
    return this.exclusive(async () => {
      const row = this.row(id);
      const { name, kind } = validateFileName(newName);
      if (kind !== row.blob.kind) throw new FarmError('invalid-input', `'${name}' would change the file type; keep the ${row.blob.kind === '3mf' ? '.3mf' : 'G-code'} extension.`);
      const other = this.repo.findByName(row.folder, name);
      if (other && other.id !== id) throw new FarmError('conflict', `A file named '${name}' already exists in this folder.`);
      this.repo.rename(id, name, this.now());
      this.events.emit('files:changed', { reason: 'renamed', fileIds: [id] });
      return this.entry(this.row(id));
    });
  }

  move(id: string, targetFolder: string): Promise<FileEntry> {
    return this.exclusive(async () => {
      const row = this.row(id);
      const folder = normalizeFolder(targetFolder);
      const other = this.repo.findByName(folder, row.name);
      if (other && other.id !== id) throw new FarmError('conflict', `A file named '${row.name}' already exists in '${folder || 'the top folder'}'.`);
      const now = this.now();
      this.repo.transaction(() => {
        this.repo.ensureFolders(folderAncestors(folder), now);
        this.repo.move(id, folder, now);
      });
      this.events.emit('files:changed', { reason: 'moved', fileIds: [id] });
      return this.entry(this.row(id));
    });
  }

  /**
   * Delete an entry. When job history refers to it, the row is kept with deleted_at set (history keeps its name and
   * bytes); otherwise the row goes, and the bytes go too once no other entry shares them.
   */
  delete(id: string): Promise<{ id: string; mode: 'removed' | 'soft-deleted' }> {
    return this.exclusive(async () => {
      const row = this.row(id);
      const mode = this.repo.transaction(() => this.retirement.retireEntry(row, this.now()));
      await this.retirement.collectBlob(row.sha256);
      this.events.emit('files:changed', { reason: 'deleted', fileIds: [id] });
      return { id, mode };
    });
  }

  mkdir(rawPath: string): { path: string } {
    return this.folders.mkdir(rawPath);
  }

  rmdir(rawPath: string): { path: string } {
    return this.folders.rmdir(rawPath);
  }

  /** Rename or move a folder with everything in it ('a/b' → 'c' or 'a/c'). */
  moveFolder(from: string, to: string): Promise<{ path: string }> {
    return this.exclusive(async () => this.folders.move(from, to));
  }

  reanalyze(id: string): FileAnalysisState {
    const row = this.row(id);
    this.analyses.forget(row.sha256);
    void this.runner.schedule(row.sha256, true);
    return this.analysisState(id);
  }

  /**
   * "Upload and print" (OctoPrint print=true): recorded as a pending job request. The job queue issue turns these
   * rows into queued jobs; until then they only wait in the table.
   */
  requestPrint(fileId: string, source: string): { requestId: string } {
    const row = this.row(fileId);
    const requestId = randomUUID();
    this.repo.insertJobRequest({ id: requestId, fileId, sha256: row.sha256, source, now: this.now() });
    return { requestId };
  }

  // ---- internals ----

  private row(id: string): FileRow {
    const row = this.repo.getFile(id);
    if (!row) throw new FarmError('not-found', `There is no file with id '${id}' in the library.`);
    return row;
  }

  private entry(row: FileRow): FileEntry {
    return toFileEntry(row, this.runner.progressOf(row.sha256));
  }

  private freeName(folder: string, name: string): string {
    for (let n = 2; n < 10_000; n++) {
      const candidate = numberedName(name, n);
      if (!this.repo.findByName(folder, candidate)) return candidate;
    }
    throw new FarmError('conflict', `Too many files named like '${name}' in this folder.`);
  }

  /**
   * Serialises the short steps that tie bytes to rows (commit + insert, delete + blob removal), so a delete can never
   * remove a blob an import is about to refer to. Streaming the bytes happens outside it.
   */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }
}

/** The blob vanished between the hash check and the commit (deleted meanwhile): import the bytes again. */
class BlobVanished extends Error {}
