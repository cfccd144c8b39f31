// Telemetry roll-up repository: batched writes of closed history buckets, restore on start, pruning by age.
import type { SqliteDatabase } from '../../../native/sqlite.js';
import type { ClosedBucket } from '../telemetry/history.js';
import { MISSING, SERIES_COUNT } from '../telemetry/series.js';

export interface StoredBucket {
  printerId: string;
  resolutionMs: number;
  bucket: number;
  values: Int16Array;
}

const COLUMNS = 'tool_actual, tool_target, bed_actual, bed_target, chamber_actual, chamber_target, progress, part_fan, speed';

export class TelemetryRepo {
  private readonly insert;
  private readonly writeAll;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO telemetry_samples (resolution_ms, bucket, printer_id, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // One transaction per batch: with WAL + synchronous=NORMAL that is one fsync-free commit a second for the whole farm.
    this.writeAll = db.transaction((buckets: ClosedBucket[]) => {
      const args: Array<number | string | null> = new Array(3 + SERIES_COUNT);
      for (const b of buckets) {
        args[0] = b.resolutionMs;
        args[1] = b.bucket;
        args[2] = b.printerId;
        for (let s = 0; s < SERIES_COUNT; s++) args[3 + s] = b.values[s] === MISSING ? null : b.values[s];
        this.insert.run(args);
      }
    });
  }

  /** Write a batch in one transaction. Returns the number of rows. */
  write(buckets: ClosedBucket[]): number {
    if (buckets.length === 0) return 0;
    this.writeAll(buckets);
    return buckets.length;
  }

  /** Rows of one resolution with bucket ≥ fromBucket, oldest first (to refill the rings on start). */
  *load(resolutionMs: number, fromBucket: number): Generator<StoredBucket> {
    const stmt = this.db
      .prepare(`SELECT printer_id, bucket, ${COLUMNS} FROM telemetry_samples WHERE resolution_ms = ? AND bucket >= ? ORDER BY bucket`)
      .raw(true);
    for (const row of stmt.iterate(resolutionMs, fromBucket) as Iterable<Array<string | number | null>>) {
      const values = new Int16Array(SERIES_COUNT);
      for (let s = 0; s < SERIES_COUNT; s++) {
        const v = row[2 + s];
        values[s] = v === null ? MISSING : (v as number);
      }
      yield { printerId: row[0] as string, resolutionMs, bucket: row[1] as number, values };
    }
  }

  /**
   * One page of rows (keyset pagination on the primary key), so a large restore can yield between pages without
   * holding an open iterator (better-sqlite3 allows no other statement on the connection while one is open).
   */
  loadPage(resolutionMs: number, fromBucket: number, after: { bucket: number; printerId: string } | null, limit: number): StoredBucket[] {
    const rows = (
      after
        ? this.db
            .prepare(
              `SELECT printer_id, bucket, ${COLUMNS} FROM telemetry_samples WHERE resolution_ms = ? AND (bucket, printer_id) > (?, ?) ORDER BY bucket, printer_id LIMIT ?`,
            )
            .raw(true)
            .all(resolutionMs, after.bucket, after.printerId, limit)
        : this.db
            .prepare(`SELECT printer_id, bucket, ${COLUMNS} FROM telemetry_samples WHERE resolution_ms = ? AND bucket >= ? ORDER BY bucket, printer_id LIMIT ?`)
            .raw(true)
            .all(resolutionMs, fromBucket, limit)
    ) as Array<Array<string | number | null>>;
    return rows.map((row) => {
      const values = new Int16Array(SERIES_COUNT);
      for (let s = 0; s < SERIES_COUNT; s++) {
        const v = row[2 + s];
        values[s] = v === null ? MISSING : (v as number);
      }
      return { printerId: row[0] as string, resolutionMs, bucket: row[1] as number, values };
    });
  }

  /** Delete rows of one resolution older than `beforeBucket`. Returns rows deleted. */
  prune(resolutionMs: number, beforeBucket: number): number {
    return this.db.prepare('DELETE FROM telemetry_samples WHERE resolution_ms = ? AND bucket < ?').run(resolutionMs, beforeBucket).changes;
  }

  deletePrinter(printerId: string): number {
    return this.db.prepare('DELETE FROM telemetry_samples WHERE printer_id = ?').run(printerId).changes;
  }

  count(resolutionMs?: number): number {
    const row = (
      resolutionMs === undefined
        ? this.db.prepare('SELECT COUNT(*) AS n FROM telemetry_samples').get()
        : this.db.prepare('SELECT COUNT(*) AS n FROM telemetry_samples WHERE resolution_ms = ?').get(resolutionMs)
    ) as { n: number };
    return row.n;
  }
}
