-- G-code library (issue #5): blobs by content hash (analysis cached per hash), file entries that point at them, folders.
-- A blob's bytes live at <dataDir>/files/<aa>/<sha256>; several entries may share one blob (re-import = no second copy).
CREATE TABLE file_blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('gcode', '3mf')),
  analysis_status TEXT NOT NULL DEFAULT 'pending' CHECK (analysis_status IN ('pending', 'running', 'done', 'failed')),
  -- Full GcodeAnalysis JSON (layers, thumbnails); summary_json is the small part lists need.
  analysis_json TEXT,
  summary_json TEXT,
  analysis_error TEXT,
  analysis_version INTEGER,
  analyzed_at INTEGER,
  created_at INTEGER NOT NULL
);

-- Entries are soft-deleted (deleted_at set) while job history may refer to them, so history keeps its file name
-- and hash; the jobs table arrives with the job-queue issue and joins on files.id / file_blobs.sha256.
CREATE TABLE files (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  folder TEXT NOT NULL DEFAULT '',
  sha256 TEXT NOT NULL REFERENCES file_blobs(sha256),
  source TEXT NOT NULL CHECK (source IN ('import', 'upload', 'watch', 'octoprint')),
  added_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE UNIQUE INDEX files_live_name ON files (folder, name COLLATE NOCASE) WHERE deleted_at IS NULL;
CREATE INDEX files_sha256 ON files (sha256);
CREATE INDEX files_added ON files (added_at);

-- Folders exist explicitly (an empty folder made with mkdir stays); every ancestor of a file's folder has a row.
CREATE TABLE file_folders (
  path TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);
