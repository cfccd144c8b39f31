// Library repository: file entries, content blobs (with the analysis cached per hash), folders and job requests. SQL only.
import type { SqliteDatabase } from '../../../native/sqlite.js';

export type BlobAnalysisStatus = 'pending' | 'running' | 'done' | 'failed';
export type FileSourceName = 'import' | 'upload' | 'watch' | 'octoprint';

export interface BlobRow {
  sha256: string;
  size: number;
  kind: 'gcode' | '3mf';
  analysisStatus: BlobAnalysisStatus;
  summaryJson: string | null;
  analysisError: string | null;
  analysisVersion: number | null;
}

export interface FileRow {
  id: string;
  name: string;
  folder: string;
  sha256: string;
  source: FileSourceName;
  addedAt: number;
  updatedAt: number;
  deletedAt: number | null;
  blob: BlobRow;
}

interface RawFileRow {
  id: string;
  name: string;
  folder: string;
  sha256: string;
  source: FileSourceName;
  added_at: number;
  updated_at: number;
  deleted_at: number | null;
  size: number;
  kind: 'gcode' | '3mf';
  analysis_status: BlobAnalysisStatus;
  summary_json: string | null;
  analysis_error: string | null;
  analysis_version: number | null;
}

const FILE_COLUMNS = `f.id, f.name, f.folder, f.sha256, f.source, f.added_at, f.updated_at, f.deleted_at,
  b.size, b.kind, b.analysis_status, b.summary_json, b.analysis_error, b.analysis_version`;
const FROM_FILES = 'FROM files f JOIN file_blobs b ON b.sha256 = f.sha256';

function toFileRow(r: RawFileRow): FileRow {
  return {
    id: r.id,
    name: r.name,
    folder: r.folder,
    sha256: r.sha256,
    source: r.source,
    addedAt: r.added_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
    blob: toBlobRow(r),
  };
}

type RawBlobRow = Omit<RawFileRow, 'id' | 'name' | 'folder' | 'source' | 'added_at' | 'updated_at' | 'deleted_at'>;

function toBlobRow(r: RawBlobRow): BlobRow {
  return {
    sha256: r.sha256,
    size: r.size,
    kind: r.kind,
    analysisStatus: r.analysis_status,
    summaryJson: r.summary_json,
    analysisError: r.analysis_error,
    analysisVersion: r.analysis_version,
  };
}

/** Escape LIKE wildcards so a search for '50%' finds the name, not everything. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class FilesRepo {
  constructor(private readonly db: SqliteDatabase) {}

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // ---- blobs ----

  getBlob(sha256: string): BlobRow | undefined {
    const r = this.db
      .prepare(
        'SELECT sha256, size, kind, analysis_status, summary_json, analysis_error, analysis_version FROM file_blobs WHERE sha256 = ?',
      )
      .get(sha256) as RawBlobRow | undefined;
    return r ? toBlobRow(r) : undefined;
  }

  /** Insert a blob row if missing; returns true when it was new. */
  ensureBlob(sha256: string, size: number, kind: 'gcode' | '3mf', now: number): boolean {
    const info = this.db
      .prepare('INSERT INTO file_blobs (sha256, size, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT(sha256) DO NOTHING')
      .run(sha256, size, kind, now);
    return info.changes > 0;
  }

  analysisJson(sha256: string): string | null {
    const r = this.db.prepare('SELECT analysis_json FROM file_blobs WHERE sha256 = ?').get(sha256) as
      | { analysis_json: string | null }
      | undefined;
    return r?.analysis_json ?? null;
  }

  setAnalysisRunning(sha256: string): void {
    this.db.prepare("UPDATE file_blobs SET analysis_status = 'running', analysis_error = NULL WHERE sha256 = ?").run(sha256);
  }

  setAnalysisPending(sha256: string): void {
    this.db.prepare("UPDATE file_blobs SET analysis_status = 'pending', analysis_error = NULL WHERE sha256 = ?").run(sha256);
  }

  setAnalysisDone(sha256: string, analysisJson: string, summaryJson: string, version: number, now: number): void {
    this.db
      .prepare(
        `UPDATE file_blobs SET analysis_status = 'done', analysis_json = ?, summary_json = ?, analysis_version = ?,
         analysis_error = NULL, analyzed_at = ? WHERE sha256 = ?`,
      )
      .run(analysisJson, summaryJson, version, now, sha256);
  }

  /**
   * `version` is the analyzer version when the file itself is at fault (cached like a result); null when the failure
   * was ours (worker crashed, pool closed), so the next start tries again.
   */
  setAnalysisFailed(sha256: string, error: string, version: number | null, now: number): void {
    this.db
      .prepare(
        `UPDATE file_blobs SET analysis_status = 'failed', analysis_json = NULL, summary_json = NULL, analysis_error = ?,
         analysis_version = ?, analyzed_at = ? WHERE sha256 = ?`,
      )
      .run(error, version, now, sha256);
  }

  /** Blobs whose analysis never finished (the app stopped mid-way) or is outdated: analysed again on start. */
  blobsNeedingAnalysis(currentVersion: number): string[] {
    return (
      this.db
        .prepare(
          `SELECT sha256 FROM file_blobs WHERE analysis_status IN ('pending', 'running')
           OR (analysis_status IN ('done', 'failed') AND analysis_version IS NOT ?)`,
        )
        .all(currentVersion) as Array<{ sha256: string }>
    ).map((r) => r.sha256);
  }

  /** A blob nobody refers to any more (no entry, live or soft-deleted, and no job request). */
  isBlobUnreferenced(sha256: string): boolean {
    const r = this.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM files WHERE sha256 = ?) + (SELECT COUNT(*) FROM job_requests WHERE sha256 = ?) AS n`,
      )
      .get(sha256, sha256) as { n: number };
    return r.n === 0;
  }

  deleteBlob(sha256: string): void {
    this.db.prepare('DELETE FROM file_blobs WHERE sha256 = ?').run(sha256);
  }

  // ---- files ----

  insertFile(row: { id: string; name: string; folder: string; sha256: string; source: FileSourceName; now: number }): void {
    this.db
      .prepare(
        'INSERT INTO files (id, name, folder, sha256, source, added_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(row.id, row.name, row.folder, row.sha256, row.source, row.now, row.now);
  }

  getFile(id: string, includeDeleted = false): FileRow | undefined {
    const r = this.db
      .prepare(`SELECT ${FILE_COLUMNS} ${FROM_FILES} WHERE f.id = ?${includeDeleted ? '' : ' AND f.deleted_at IS NULL'}`)
      .get(id) as RawFileRow | undefined;
    return r ? toFileRow(r) : undefined;
  }

  /** The live entry with this name in this folder (names compare case-insensitively, like the unique index). */
  findByName(folder: string, name: string): FileRow | undefined {
    const r = this.db
      .prepare(`SELECT ${FILE_COLUMNS} ${FROM_FILES} WHERE f.folder = ? AND f.name = ? COLLATE NOCASE AND f.deleted_at IS NULL`)
      .get(folder, name) as RawFileRow | undefined;
    return r ? toFileRow(r) : undefined;
  }

  /** Live entries in a folder that hold exactly these bytes. */
  findByHashInFolder(folder: string, sha256: string): FileRow[] {
    return (
      this.db
        .prepare(`SELECT ${FILE_COLUMNS} ${FROM_FILES} WHERE f.folder = ? AND f.sha256 = ? AND f.deleted_at IS NULL ORDER BY f.added_at`)
        .all(folder, sha256) as RawFileRow[]
    ).map(toFileRow);
  }

  liveIdsByHash(sha256: string): string[] {
    return (
      this.db.prepare('SELECT id FROM files WHERE sha256 = ? AND deleted_at IS NULL').all(sha256) as Array<{ id: string }>
    ).map((r) => r.id);
  }

  listFolder(folder: string): FileRow[] {
    return (
      this.db
        .prepare(`SELECT ${FILE_COLUMNS} ${FROM_FILES} WHERE f.folder = ? AND f.deleted_at IS NULL ORDER BY f.name COLLATE NOCASE`)
        .all(folder) as RawFileRow[]
    ).map(toFileRow);
  }

  searchByName(text: string, limit: number): FileRow[] {
    return (
      this.db
        .prepare(
          `SELECT ${FILE_COLUMNS} ${FROM_FILES} WHERE f.deleted_at IS NULL AND f.name LIKE ? ESCAPE '\\'
           ORDER BY f.added_at DESC LIMIT ?`,
        )
        .all(likePattern(text), limit) as RawFileRow[]
    ).map(toFileRow);
  }

  rename(id: string, name: string, now: number): void {
    this.db.prepare('UPDATE files SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id);
  }

  move(id: string, folder: string, now: number): void {
    this.db.prepare('UPDATE files SET folder = ?, updated_at = ? WHERE id = ?').run(folder, now, id);
  }

  softDelete(id: string, now: number): void {
    this.db.prepare('UPDATE files SET deleted_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
  }

  hardDelete(id: string): void {
    this.db.prepare('DELETE FROM files WHERE id = ?').run(id);
  }

  /**
   * Whether job history refers to this entry. Until the job queue issue adds the jobs table, the only history
   * is the job_requests seam; the queue issue extends this query with its jobs table.
   */
  isReferencedByHistory(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM job_requests WHERE file_id = ? LIMIT 1').get(id) !== undefined;
  }

  // ---- folders ----

  ensureFolders(paths: string[], now: number): void {
    const stmt = this.db.prepare('INSERT INTO file_folders (path, created_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING');
    for (const p of paths) if (p !== '') stmt.run(p, now);
  }

  folderExists(path: string): boolean {
    if (path === '') return true;
    return this.db.prepare('SELECT 1 FROM file_folders WHERE path = ?').get(path) !== undefined;
  }

  /** Direct children of a folder ('' = root). */
  childFolders(parent: string): string[] {
    const rows = (
      parent === ''
        ? this.db.prepare("SELECT path FROM file_folders WHERE instr(path, '/') = 0 ORDER BY path COLLATE NOCASE").all()
        : this.db
            .prepare(
              "SELECT path FROM file_folders WHERE substr(path, 1, ?) = ? AND instr(substr(path, ?), '/') = 0 ORDER BY path COLLATE NOCASE",
            )
            .all(parent.length + 1, `${parent}/`, parent.length + 2)
    ) as Array<{ path: string }>;
    return rows.map((r) => r.path);
  }

  /** True when the folder holds no live file and no sub-folder. */
  folderIsEmpty(path: string): boolean {
    const prefix = `${path}/`;
    const file = this.db
      .prepare('SELECT 1 FROM files WHERE deleted_at IS NULL AND (folder = ? OR substr(folder, 1, ?) = ?) LIMIT 1')
      .get(path, prefix.length, prefix);
    const sub = this.db.prepare('SELECT 1 FROM file_folders WHERE substr(path, 1, ?) = ? LIMIT 1').get(prefix.length, prefix);
    return file === undefined && sub === undefined;
  }

  /** Re-root a folder and everything under it (files keep their ids, so history still points at them). */
  moveFolder(from: string, to: string, now: number): string[] {
    const prefix = `${from}/`;
    const ids = (
      this.db
        .prepare('SELECT id FROM files WHERE folder = ? OR substr(folder, 1, ?) = ?')
        .all(from, prefix.length, prefix) as Array<{ id: string }>
    ).map((r) => r.id);
    this.db
      .prepare(
        `UPDATE files SET folder = ? || substr(folder, ?), updated_at = ? WHERE folder = ? OR substr(folder, 1, ?) = ?`,
      )
      .run(to, from.length + 1, now, from, prefix.length, prefix);
    this.db
      .prepare('UPDATE file_folders SET path = ? || substr(path, ?) WHERE path = ? OR substr(path, 1, ?) = ?')
      .run(to, from.length + 1, from, prefix.length, prefix);
    return ids;
  }

  deleteFolder(path: string): void {
    this.db.prepare('DELETE FROM file_folders WHERE path = ?').run(path);
  }

  // ---- job requests (seam until the job queue issue) ----

  insertJobRequest(row: { id: string; fileId: string; sha256: string; source: string; now: number }): void {
    this.db
      .prepare('INSERT INTO job_requests (id, file_id, sha256, source, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(row.id, row.fileId, row.sha256, row.source, row.now);
  }

  pendingJobRequests(): Array<{ id: string; fileId: string; sha256: string; source: string; createdAt: number }> {
    return (
      this.db
        .prepare('SELECT id, file_id, sha256, source, created_at FROM job_requests WHERE consumed_at IS NULL ORDER BY created_at')
        .all() as Array<{ id: string; file_id: string; sha256: string; source: string; created_at: number }>
    ).map((r) => ({ id: r.id, fileId: r.file_id, sha256: r.sha256, source: r.source, createdAt: r.created_at }));
  }

  // ---- watched folder bookkeeping ----

  watchSeen(path: string): { size: number; mtimeMs: number } | undefined {
    const r = this.db.prepare('SELECT size, mtime_ms FROM file_watch_seen WHERE path = ?').get(path) as
      | { size: number; mtime_ms: number }
      | undefined;
    return r ? { size: r.size, mtimeMs: r.mtime_ms } : undefined;
  }

  markWatchSeen(path: string, size: number, mtimeMs: number, sha256: string | null, now: number): void {
    this.db
      .prepare(
        `INSERT INTO file_watch_seen (path, size, mtime_ms, sha256, seen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms, sha256 = excluded.sha256, seen_at = excluded.seen_at`,
      )
      .run(path, size, Math.floor(mtimeMs), sha256, now);
  }
}
