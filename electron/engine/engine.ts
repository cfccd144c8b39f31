// The engine's composition root: opens the store, builds every service with its dependencies, binds handlers.
// Wiring only — no logic lives here. Both shells (desktop main, headless server) call createEngine().
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type SqliteDatabase } from '../../native/sqlite.js';
import { readHost } from '../../native/host.js';
import { listSerialPorts } from '../../native/serial.js';
import { EventBus } from './bus.js';
import { Dispatcher, type Logger } from './dispatch.js';
import { HostSampler } from './metrics/host-sampler.js';
import { MetricsRegistry } from './metrics/registry.js';
import { PrinterService, type SecretStore } from './printers/printer-service.js';
import { AnalysisPool } from './files/analyze.js';
import { filesHandlers } from './files/files.handlers.js';
import { FileLibrary } from './files/library/library.js';
import { WatchFolder } from './files/library/watch-folder.js';
import { FilesRepo } from './store/files-repo.js';
import { printersHandlers } from './printers/printers.handlers.js';
import { migrate } from './store/migrate.js';
import { PrintersRepo } from './store/printers-repo.js';
import { SettingsRepo } from './store/settings-repo.js';
import { appVersion } from './version.js';
import { DemoAwareRegistry } from './demo/demo-registry.js';
import { createVirtualBambuFactory } from './drivers/virtual/bambu/factory.js';
import { createDemoMarlinDriver } from './demo/demo-marlin.js';
import { registerBambuDriver } from './drivers/bambu/index.js';
import { registerMarlinDriver } from './drivers/marlin/register.js';
import { bambuHandlers } from './drivers/bambu/bambu.handlers.js';
import { ensureDemoPrinters } from './demo/demo-farm.js';
import { createFileLogger } from './logging/logger.js';
import { TelemetryRepo } from './store/telemetry-repo.js';
import { TelemetryService } from './telemetry/telemetry-service.js';
import { telemetryHandlers } from './telemetry/telemetry.handlers.js';
import { identityFrom } from './telemetry/identity.js';

export interface EngineOptions {
  dataDir: string;
  mode: 'desktop' | 'headless';
  /** Number of virtual demo printers to run (0 = none). */
  demo?: number;
  log?: Logger;
  /** Desktop passes an Electron safeStorage-backed store; headless uses the key-file store. */
  secrets?: SecretStore | null;
  /** Tests turn the background host sampler off to keep runs quiet. */
  hostSampling?: boolean;
  /** Largest file an upload/import may be (default 1 GiB). */
  maxUploadBytes?: number;
}

export interface Engine {
  readonly dataDir: string;
  readonly db: SqliteDatabase;
  readonly bus: EventBus;
  readonly dispatcher: Dispatcher;
  readonly metrics: MetricsRegistry;
  readonly settings: SettingsRepo;
  readonly printers: PrinterService;
  readonly telemetry: TelemetryService;
  readonly files: FileLibrary;
  readonly log: Logger;
  close(): Promise<void>;
}

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const startedAt = Date.now();
  // JSON lines to <dataDir>/logs/printfarm.log (size-rotated, 5 × 5 MiB), warnings also on stderr.
  const fileLogger = options.log ? null : createFileLogger({ dataDir: options.dataDir, stderr: true });
  const log: Logger = options.log ?? fileLogger!.log;
  const db = openDatabase(path.join(options.dataDir, 'printfarm.db'));
  migrate(db);

  const bus = new EventBus();
  const metrics = new MetricsRegistry();
  const dispatcher = new Dispatcher(metrics, log);
  const settings = new SettingsRepo(db);

  const hostSampler = new HostSampler(readHost, (sample) => bus.emit('host:metrics', sample));
  if (options.hostSampling !== false) hostSampler.start();
  metrics.gauge('process_rss_bytes', () => process.memoryUsage().rss);
  metrics.gauge('process_heap_used_bytes', () => process.memoryUsage().heapUsed);

  // Virtual printers (demo mode) go to the demo drivers; real configs to the registered factories.
  const registry = new DemoAwareRegistry();
  // Virtual Bambu printers run the real BambuDriver against simulated printers on a shared in-process broker.
  const virtualBambu = createVirtualBambuFactory({ reportsPerSecond: 2 });
  registry.setVirtualFactory('bambu', (config, deps) => virtualBambu.create(config, deps));
  // Virtual Marlin printers: the real MarlinDriver on a simulated board, printing the bundled sample forever.
  registry.setVirtualFactory('marlin', createDemoMarlinDriver);
  registerBambuDriver(registry);
  registerMarlinDriver(registry);
  const printers = new PrinterService({
    repo: new PrintersRepo(db),
    registry,
    bus,
    log,
    dataDir: options.dataDir,
    secrets: options.secrets ?? null,
  });

  dispatcher.register('app', {
    info: () => ({
      name: 'PrintFarm',
      version: appVersion(),
      uptimeSeconds: (Date.now() - startedAt) / 1000,
      dataDir: options.dataDir,
      mode: options.mode,
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      demo: (options.demo ?? 0) > 0,
    }),
  });
  dispatcher.register('host', { metrics: () => hostSampler.current() });
  dispatcher.register('metrics', { snapshot: () => metrics.snapshot() });
  dispatcher.register('printers', printersHandlers(printers, { listPorts: listSerialPorts }));
  dispatcher.register('bambu', bambuHandlers(printers));

  const filesRepo = new FilesRepo(db);
  // One core stays free for the engine's event loop (serial streaming, telemetry).
  const analysisPool = new AnalysisPool({ size: Math.max(1, os.availableParallelism() - 1) });
  const files = new FileLibrary({ dataDir: options.dataDir, repo: filesRepo, events: bus, analyzer: analysisPool, maxBytes: options.maxUploadBytes });
  const watchFolder = new WatchFolder({
    library: files,
    repo: filesRepo,
    settings: { get: () => settings.get('files.watch'), set: (value) => settings.set('files.watch', value) },
    log,
  });
  dispatcher.register('files', filesHandlers(files, watchFolder));
  await files.init();
  await watchFolder.start();

  const telemetry = new TelemetryService({
    bus,
    repo: new TelemetryRepo(db),
    metrics,
    log,
    identity: identityFrom(printers),
    initial: () => printers.list().map((p) => ({ id: p.id, status: p.status })),
    runtimeSampling: options.hostSampling !== false,
  });
  dispatcher.register('telemetry', telemetryHandlers(telemetry));
  registry.setDriverMetrics(telemetry.drivers);

  await printers.start();
  telemetry.start();
  if (options.demo && options.demo > 0) await ensureDemoPrinters(printers, options.demo);

  return {
    dataDir: options.dataDir,
    db,
    bus,
    dispatcher,
    metrics,
    settings,
    printers,
    telemetry,
    files,
    log,
    async close() {
      hostSampler.stop();
      await printers.stop();
      await telemetry.stop();
      await virtualBambu.close();
      await watchFolder.stop();
      await files.close();
      await analysisPool.close();
      db.close();
      fileLogger?.close();
    },
  };
}
