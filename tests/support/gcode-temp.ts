// Test helper for the G-code analyzer: write G-code text to a temp file and analyze it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeGcodeFile } from '../../electron/engine/files/analyze.js';
import type { AnalysisProfile, GcodeAnalysis } from '../../electron/shared/contract/gcode-analysis.js';

export function gcodeTempDir(): { dir: string; file(name: string, content: string | Buffer): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gcode-test-'));
  let n = 0;
  return {
    dir,
    file(name, content) {
      const path = join(dir, `${n++}-${name}`);
      writeFileSync(path, content);
      return path;
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function analyzeText(text: string, profile?: AnalysisProfile): Promise<GcodeAnalysis> {
  const tmp = gcodeTempDir();
  try {
    return await analyzeGcodeFile(tmp.file('t.gcode', text), { profile });
  } finally {
    tmp.cleanup();
  }
}

/** The shared corpus sits beside the repository (../shared/gcode) locally and in CI. */
export const CORPUS_DIR = join(process.cwd(), '..', 'shared', 'gcode');
