-- Files the watched folder already imported (path + size + mtime), so a restart does not re-import them
-- and a file the user deleted from the library does not come back by itself.
CREATE TABLE file_watch_seen (
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  sha256 TEXT,
  seen_at INTEGER NOT NULL
);
