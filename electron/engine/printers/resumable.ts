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

export function isResumable(driver: PrinterDriver): driver is ResumableDriver {
  return typeof (driver as Partial<ResumableDriver>).resumeInterrupted === 'function';
}
