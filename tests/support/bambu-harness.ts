// Shared helpers for Bambu integration tests: a capturing logger, waiting on driver status, a tiny 3MF file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PrinterStatus } from '../../electron/shared/contract/printer-status.js';
import type { BambuDriver } from '../../electron/engine/drivers/bambu/driver.js';

export interface CapturedLog {
  warnings: Array<{ obj: object; msg?: string }>;
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

export function captureLog(): CapturedLog {
  const warnings: CapturedLog['warnings'] = [];
  return {
    warnings,
    log: {
      info: () => undefined,
      warn: (obj, msg) => warnings.push({ obj, msg }),
      error: (obj, msg) => warnings.push({ obj, msg }),
    },
  };
}

/** Resolve with the first status (current or future) that satisfies `predicate`. */
export function waitForStatus(driver: BambuDriver, predicate: (s: PrinterStatus) => boolean, timeoutMs = 15_000, what = 'status'): Promise<PrinterStatus> {
  return new Promise((resolve, reject) => {
    const now = driver.status();
    if (predicate(now)) return resolve(now);
    const timer = setTimeout(() => {
      off();
      const last = driver.status();
      reject(new Error(`timed out waiting for ${what}; last state ${last.state} (${last.message ?? ''})`));
    }, timeoutMs);
    const off = driver.onStatus((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      off();
      resolve(s);
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
