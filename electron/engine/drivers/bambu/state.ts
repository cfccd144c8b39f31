// The cached raw report of one Bambu printer: seeded by a pushall snapshot, updated by deltas (pure).
import type { PrinterStatus } from '../../../shared/contract/printer-status.js';
import { FORBIDDEN_KEYS, cloneSafe, mergeInto, type RawObject } from './merge.js';
import { normalizeReport, type NormalizeOptions } from './normalize.js';

/** Keys that describe the message, not the printer; never cached. */
const ENVELOPE_KEYS = ['command', 'msg', 'sequence_id'];

export class BambuReportCache {
  private raw: RawObject = {};
  /** True once a `msg: 0` snapshot (or an X1 full push) arrived; deltas before that are partial. */
  seeded = false;

  /** Apply one push_status body; returns the dotted keys that were rejected for a wrong shape. */
  apply(print: RawObject, full: boolean): string[] {
    const body: RawObject = {};
    const rejected: string[] = [];
    for (const key of Object.keys(print)) {
      if (FORBIDDEN_KEYS.has(key)) rejected.push(key);
      else if (!ENVELOPE_KEYS.includes(key)) body[key] = print[key];
    }
    if (full) {
      // A snapshot replaces everything: keys the printer no longer reports must not linger.
      this.raw = cloneSafe(body);
      this.seeded = true;
      return rejected;
    }
    return mergeInto(this.raw, body, { rejected }).rejected;
  }

  /** A deep copy of the raw cache (for diagnostics and tests). */
  snapshot(): RawObject {
    return cloneSafe(this.raw);
  }

  status(options: NormalizeOptions): PrinterStatus {
    return normalizeReport(this.raw, options);
  }
}
