-- Telemetry history roll-up: one row per printer per closed bucket at 1 s, 10 s and 1 min resolution.
-- Values are the in-memory Int16 fixed point (°C / % × 10); NULL = not reported in that bucket.
-- Key order (resolution, bucket, printer) makes inserts append at the end of the b-tree and pruning a range delete.
CREATE TABLE telemetry_samples (
  resolution_ms INTEGER NOT NULL,
  bucket INTEGER NOT NULL, -- bucket start time / resolution_ms
  printer_id TEXT NOT NULL,
  tool_actual INTEGER,
  tool_target INTEGER,
  bed_actual INTEGER,
  bed_target INTEGER,
  chamber_actual INTEGER,
  chamber_target INTEGER,
  progress INTEGER,
  part_fan INTEGER,
  speed INTEGER,
  PRIMARY KEY (resolution_ms, bucket, printer_id)
) WITHOUT ROWID;
