// Fuzz: any report payload (random JSON, mutated real reports, random bytes) never throws and never breaks the status.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PrinterStatus } from '../../electron/shared/contract/printer-status.js';
import { classifyReport } from '../../electron/engine/drivers/bambu/report.js';
import { BambuReportCache } from '../../electron/engine/drivers/bambu/state.js';

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/bambu/x1c-multi-ams-pushall.json'), 'utf8')) as { print: Record<string, unknown> };
const keys = Object.keys(fixture.print);

function feed(cache: BambuReportCache, payload: Buffer | string): void {
  const message = classifyReport(payload);
  if (message.kind === 'status') cache.apply(message.print, message.full);
}

function seeded(): BambuReportCache {
  const cache = new BambuReportCache();
  feed(cache, JSON.stringify(fixture));
  return cache;
}

describe('bambu report fuzz', () => {
  it('random bytes and random JSON never throw', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 512 }).map((a) => Buffer.from(a)), fc.json().map((j) => Buffer.from(j))), (payload) => {
        const cache = seeded();
        feed(cache, payload);
        expect(PrinterStatus.safeParse(cache.status({})).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('push_status with real keys holding arbitrary values keeps the status schema-valid', () => {
    const value = fc.oneof(fc.jsonValue(), fc.constant(null), fc.string(), fc.double(), fc.array(fc.jsonValue(), { maxLength: 4 }));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...keys, 'ams', 'hms', 'vt_tray', '__proto__'), value, { maxKeys: 8 }), fc.boolean(), (fields, full) => {
        const cache = seeded();
        const payload = JSON.stringify({ print: { ...fields, command: 'push_status', msg: full ? 0 : 1 } });
        feed(cache, payload);
        const status = cache.status({});
        const parsed = PrinterStatus.safeParse(status);
        expect(parsed.success).toBe(true);
        for (const unit of status.ams) for (const tray of unit.trays) if (tray.remainPercent !== null) expect(tray.remainPercent).toBeGreaterThanOrEqual(0);
        if (status.job) expect(status.job.progress).toBeGreaterThanOrEqual(0);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('deltas on AMS arrays with odd ids and shapes do not throw', () => {
    const tray = fc.record({ id: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)), remain: fc.oneof(fc.integer(), fc.string()), tray_color: fc.string() }, { requiredKeys: [] });
    const unit = fc.record({ id: fc.oneof(fc.constantFrom('0', '1', '128'), fc.integer()), tray: fc.oneof(fc.array(tray, { maxLength: 5 }), fc.string()) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 5 }), (units) => {
        const cache = seeded();
        feed(cache, JSON.stringify({ print: { command: 'push_status', msg: 1, ams: { ams: units } } }));
        expect(PrinterStatus.safeParse(cache.status({})).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
