// Test support for the library: a real SQLite file in a temp dir, migrations applied, and a hand-written fake analyzer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type SqliteDatabase } from '../../native/sqlite.js';
import { FarmError } from '../../electron/shared/contract/envelope.js';
import type { GcodeAnalysis } from '../../electron/shared/contract/gcode-analysis.js';
import { ANALYSIS_VERSION, type FileAnalyzer } from '../../electron/engine/files/library/analysis-runner.js';
import type { LibraryEventName, LibraryEventPayload, LibraryEvents } from '../../electron/engine/files/library/events.js';
import { FileLibrary } from '../../electron/engine/files/library/library.js';
import { FilesRepo } from '../../electron/engine/store/files-repo.js';
import { migrate } from '../../electron/engine/store/migrate.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/files/', import.meta.url));
/** A 1×1 transparent PNG. */
export const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export class RecordingEvents implements LibraryEvents {
  readonly log: Array<{ name: LibraryEventName; payload: unknown }> = [];
  emit<E extends LibraryEventName>(name: E, payload: LibraryEventPayload<E>): void {
    this.log.push({ name, payload });
  }
  named<E extends LibraryEventName>(name: E): Array<LibraryEventPayload<E>> {
    return this.log.filter((e) => e.name === name).map((e) => e.payload as LibraryEventPayload<E>);
  }
}

/** A fake analyzer: finds ;LAYER_CHANGE markers for real byte ranges, reports progress, counts its calls. */
export class FakeAnalyzer implements FileAnalyzer {
  calls: string[] = [];
  failWith: string | null = null;
  async analyze(file: string, options: { onProgress?(f: number): void; signal?: AbortSignal }): Promise<GcodeAnalysis> {
    this.calls.push(file);
    options.onProgress?.(0.5);
    if (this.failWith) throw new FarmError('invalid-input', this.failWith);
    const bytes = fs.readFileSync(file);
    const marker = Buffer.from(';LAYER_CHANGE');
    const starts: number[] = [];
    for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) starts.push(at);
    const layers = starts.map((start, i) => ({
      z: 0.2 * (i + 1),
      height: 0.2,
      byteStart: start,
      byteEnd: starts[i + 1] ?? bytes.length,
      start: { x: 0, y: 0, z: 0.2 * (i + 1), e: 0, relativeXyz: false, relativeE: false, tool: 0 },
      startSeconds: i * 10,
    }));
    options.onProgress?.(1);
    return {
      version: ANALYSIS_VERSION as GcodeAnalysis['version'],
      slicer: {
        slicer: 'prusaslicer',
        slicerVersion: '2.5.0',
        flavor: 'marlin2',
        estimatedSeconds: 1084,
        filamentMm: [706.54],
        objects: [{ id: '0', name: 'box' }],
        thumbnails: [
          { width: 16, height: 16, format: 'png', sourceFormat: 'png', base64: TINY_PNG },
          { width: 220, height: 124, format: 'png', sourceFormat: 'png', base64: TINY_PNG },
        ],
      },
      analysis: {
        bbox: { min: [10, 10, 0.2], max: [60, 60, 15] },
        printBbox: { min: [20, 20, 0.2], max: [60, 60, 15] },
        layerCount: layers.length,
        layerSource: 'markers',
        layers,
        toolChanges: 0,
        tools: [0],
        filamentMm: [706.5],
        estimatedSeconds: 1090,
        dwellSeconds: 0,
        firmwareRetractSeconds: 0,
        heatWaits: 2,
        heatUpSeconds: 120,
        lineCount: 4592,
        bytes: bytes.length,
        moveCount: 4000,
        limits: { source: 'file', maxAccel: 500, maxFeedrate: [500, 500, 5, 25], jerk: [10, 10, 0.4, 5], junctionDeviation: null, junctionModel: 'jerk' },
        truncated: false,
        warnings: [],
      },
      elapsedMs: 1,
    };
  }
}

export interface TestLibrary {
  dir: string;
  db: SqliteDatabase;
  repo: FilesRepo;
  library: FileLibrary;
  events: RecordingEvents;
  analyzer: FakeAnalyzer;
  close(): Promise<void>;
}

export async function makeLibrary(options: { maxBytes?: number; analyzer?: FileAnalyzer | null } = {}): Promise<TestLibrary> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-files-'));
  const db = openDatabase(path.join(dir, 'printfarm.db'));
  migrate(db);
  const repo = new FilesRepo(db);
  const events = new RecordingEvents();
  const analyzer = new FakeAnalyzer();
  const library = new FileLibrary({
    dataDir: dir,
    repo,
    events,
    analyzer: options.analyzer === undefined ? analyzer : options.analyzer,
    maxBytes: options.maxBytes,
  });
  await library.init();
  return {
    dir,
    db,
    repo,
    library,
    events,
    analyzer,
    async close() {
      await library.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every blob file under <dir>/files (excluding the incoming temp dir). */
export function storedBlobs(dir: string): string[] {
  const root = path.join(dir, 'files');
  const out: string[] = [];
  for (const sub of fs.readdirSync(root)) {
    if (sub === '.incoming') continue;
    for (const f of fs.readdirSync(path.join(root, sub))) out.push(f);
  }
  return out;
}
