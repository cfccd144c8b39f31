// The optional driver ability to resume an interrupted job (issue #3): a driver that can, implements this method.
import type { PrinterDriver } from '../drivers/driver.js';

/**
 * Where to resume. 'last-layer' (the default the UI offers) backs off from the last acknowledged line to the last
 * layer change before it: the host cannot know which lines were still in the firmware's buffer when the link dropped.
 * 'line' resumes from an exact file line the user chose.
 */
export type ResumeFrom = { kind: 'last-layer' } | { kind: 'line'; line: number };

export interface ResumableDriver extends PrinterDriver {
  /** Heat, home X/Y, restore Z, E and fan, then continue streaming from the chosen point. */
  resumeInterrupted(from: ResumeFrom): Promise<void>;
}

/** The Marlin driver's own shape (drivers/marlin/driver.ts resumeFromLine): command index, layer back-off flag. */
interface LineResumer {
  resumeFromLine(opts: { backOffToLayer?: boolean; startIndex?: number }): Promise<unknown>;
}

/** A resume function for this driver, or null when it cannot resume an interrupted job. */
export function resumerFor(driver: PrinterDriver): ((from: ResumeFrom) => Promise<void>) | null {
  const d = driver as Partial<ResumableDriver> & Partial<LineResumer>;
  if (typeof d.resumeInterrupted === 'function') return (from) => d.resumeInterrupted!(from);
  if (typeof d.resumeFromLine === 'function') {
    // The UI's line is the 1-based acknowledged command line the status reports; the driver counts commands from 0.
    return async (from) =>
      void (await d.resumeFromLine!(from.kind === 'line' ? { backOffToLayer: false, startIndex: from.line - 1 } : { backOffToLayer: true }));
  }
  return null;
}
