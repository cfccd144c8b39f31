-- Minimal seam for "upload and print" (OctoPrint print=true) until the job queue issue lands:
-- one row per request; the queue will consume rows (set consumed_at) and create real jobs from them.
CREATE TABLE job_requests (
  id TEXT PRIMARY KEY,
  file_id TEXT NOT NULL REFERENCES files(id),
  sha256 TEXT NOT NULL,
  source TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  consumed_at INTEGER
);
CREATE INDEX job_requests_pending ON job_requests (created_at) WHERE consumed_at IS NULL;
