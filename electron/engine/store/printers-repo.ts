// Printer configuration repository. Configs are validated against the contract on load: a bad row is reported, not crashed on.
import type { SqliteDatabase } from '../../../native/sqlite.js';
import { PrinterConfig } from '../../shared/contract/printer-config.js';

export interface StoredPrinters {
  printers: PrinterConfig[];
  /** Rows that no longer validate (after a manual edit or a downgrade), with the reason. */
  invalid: Array<{ id: string; reason: string }>;
}

export class PrintersRepo {
  constructor(private readonly db: SqliteDatabase) {}

  all(): StoredPrinters {
    const rows = this.db.prepare('SELECT id, config FROM printers ORDER BY sort_order, created_at').all() as Array<{
      id: string;
      config: string;
    }>;
    const out: StoredPrinters = { printers: [], invalid: [] };
    for (const row of rows) {
      try {
        const parsed = PrinterConfig.safeParse(JSON.parse(row.config));
        if (parsed.success) out.printers.push(parsed.data);
        else out.invalid.push({ id: row.id, reason: parsed.error.issues[0]?.message ?? 'invalid' });
      } catch (error) {
        out.invalid.push({ id: row.id, reason: String(error) });
      }
    }
    return out;
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM printers WHERE id = ?').get(id) !== undefined;
  }

  /** Insert or replace; `config` must not carry secrets (the service strips them first). */
  save(config: PrinterConfig): void {
    const now = Date.now();
    this.db
      .prepare(
        `INSERT INTO printers (id, type, config, sort_order, created_at, updated_at)
         VALUES (@id, @type, @config, (SELECT COALESCE(MAX(sort_order), 0) + 1 FROM printers), @now, @now)
         ON CONFLICT(id) DO UPDATE SET type = excluded.type, config = excluded.config, updated_at = excluded.updated_at`,
      )
      .run({ id: config.id, type: config.type, config: JSON.stringify(config), now });
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM printers WHERE id = ?').run(id).changes > 0;
  }
}
