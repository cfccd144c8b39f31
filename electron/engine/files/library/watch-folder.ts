// The watched import folder: new .gcode / .gcode.3mf files that appear in a folder on this machine land in the library.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { FarmError } from '../../../shared/contract/envelope.js';
import type { WatchSettings, WatchState } from '../../../shared/contract/files.js';
import type { FilesRepo } from '../../store/files-repo.js';
import type { FileLibrary } from './library.js';
import { kindOfName, normalizeFolder } from './names.js';

export interface WatchSettingsStore {
  get(): WatchSettings | undefined;
  set(value: WatchSettings): void;
}

export interface WatchFolderOptions {
  library: FileLibrary;
  repo: FilesRepo;
  settings: WatchSettingsStore;
  log: { warn(obj: object, msg?: string): void; info(obj: object, msg?: string): void };
  /** How long a file's size must stay still before it is imported (slicers write in pieces). */
  stableMs?: number;
  now?: () => number;
}

const DEFAULT_SETTINGS: WatchSettings = { enabled: false, path: null, folder: '' };

export class WatchFolder {
  private watcher: FSWatcher | null = null;
  private error: string | null = null;
  private queue: Promise<void> = Promise.resolve();
  private readonly stableMs: number;
  private readonly now: () => number;

  constructor(private readonly options: WatchFolderOptions) {
    this.stableMs = options.stableMs ?? 1500;
    this.now = options.now ?? Date.now;
  }

  state(): WatchState {
    const settings = this.options.settings.get() ?? DEFAULT_SETTINGS;
    return { ...settings, watching: this.watcher !== null, error: this.error };
  }

  /** Start watching per the stored settings (engine start). A missing folder is reported, not thrown. */
  async start(): Promise<void> {
    const settings = this.options.settings.get() ?? DEFAULT_SETTINGS;
    if (!settings.enabled || !settings.path) return;
    try {
      await this.begin(settings.path, settings.folder);
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      this.options.log.warn({ path: settings.path, err: this.error }, 'watched folder not started');
    }
  }

  /** Change the settings; validates the folder first so a typo is an error the person sees, not a silent no-op. */
  async apply(input: WatchSettings): Promise<WatchState> {
    const folder = normalizeFolder(input.folder);
    const watchPath = input.path?.trim() || null;
    if (input.enabled) {
      if (!watchPath) throw new FarmError('invalid-input', 'Choose a folder to watch.');
      if (!path.isAbsolute(watchPath)) throw new FarmError('invalid-input', `'${watchPath}' is not an absolute folder path.`);
      const stat = await fsp.stat(watchPath).catch(() => null);
      if (!stat?.isDirectory()) throw new FarmError('not-found', `There is no folder at '${watchPath}'.`);
    }
    const settings: WatchSettings = { enabled: input.enabled, path: watchPath, folder };
    await this.stop();
    // The target folder shows in the library at once, before the first file arrives.
    if (settings.enabled && folder !== '') this.options.library.mkdir(folder);
    this.options.settings.set(settings);
    this.error = null;
    if (settings.enabled && settings.path) await this.begin(settings.path, settings.folder);
    return this.state();
  }

  async stop(): Promise<void> {
    const watcher = this.watcher;
    this.watcher = null;
    if (watcher) await watcher.close();
    await this.queue;
  }

  /** Resolves when every import the watcher started so far has finished (tests, shutdown). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async begin(watchPath: string, folder: string): Promise<void> {
    const watcher = watch(watchPath, {
      // Files already there are considered too; `file_watch_seen` keeps restarts from importing them twice.
      ignoreInitial: false,
      depth: 0,
      ignored: (p, stats) => Boolean(stats?.isFile()) && kindOfName(path.basename(p)) === null,
      awaitWriteFinish: { stabilityThreshold: this.stableMs, pollInterval: Math.min(100, this.stableMs) },
    });
    watcher.on('add', (p, stats) => this.enqueue(p, stats?.size, stats?.mtimeMs, folder));
    watcher.on('change', (p, stats) => this.enqueue(p, stats?.size, stats?.mtimeMs, folder));
    watcher.on('error', (error) => {
      this.error = error instanceof Error ? error.message : String(error);
      this.options.log.warn({ path: watchPath, err: this.error }, 'watched folder error');
    });
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    this.watcher = watcher;
  }

  private enqueue(filePath: string, size: number | undefined, mtimeMs: number | undefined, folder: string): void {
    this.queue = this.queue.then(() => this.importOne(filePath, size, mtimeMs, folder));
  }

  private async importOne(filePath: string, size: number | undefined, mtimeMs: number | undefined, folder: string): Promise<void> {
    const { repo, library, log } = this.options;
    if (kindOfName(path.basename(filePath)) === null) return;
    if (size === undefined || mtimeMs === undefined) {
      const stat = await fsp.stat(filePath).catch(() => null);
      if (!stat?.isFile()) return;
      size = stat.size;
      mtimeMs = stat.mtimeMs;
    }
    const seen = repo.watchSeen(filePath);
    if (seen && seen.size === size && seen.mtimeMs === Math.floor(mtimeMs)) return;
    try {
      const result = await library.importPath(filePath, { folder, source: 'watch', onConflict: 'replace' });
      repo.markWatchSeen(filePath, size, mtimeMs, result.file.sha256, this.now());
      log.info({ path: filePath, id: result.file.id, duplicate: result.duplicate }, 'imported from watched folder');
    } catch (error) {
      // Remember it anyway: a refused or unreadable file would otherwise be retried on every start.
      repo.markWatchSeen(filePath, size, mtimeMs, null, this.now());
      this.error = `${path.basename(filePath)}: ${error instanceof Error ? error.message : String(error)}`;
      log.warn({ path: filePath, err: this.error }, 'watched folder import failed');
    }
  }
}
