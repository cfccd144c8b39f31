// Telemetry for the whole farm: takes every `printer:status`, keeps the live cache and history, rolls up to SQLite,
// pushes coalesced diffs to views (≤ 10/s each), and measures the engine while doing it.
import { FarmError } from '../../shared/contract/envelope.js';
import type { PrinterStatus } from '../../shared/contract/printer-status.js';
import type { FarmDiff, HistorySlice, PrinterDetailPush } from '../../shared/contract/telemetry-types.js';
import type { EventBus } from '../bus.js';
import type { Logger } from '../dispatch.js';
import { DriverCounters } from '../metrics/driver-counters.js';
import { Histogram } from '../metrics/histogram.js';
import type { MetricsRegistry } from '../metrics/registry.js';
import { RuntimeSampler } from '../metrics/runtime-sampler.js';
import type { TelemetryRepo } from '../store/telemetry-repo.js';
import type { PrinterIdentity } from './farm-card.js';
import { FarmFeed } from './feeds.js';
import { FarmHistory, HISTORY_BYTES_PER_PRINTER, TIERS } from './history.js';
import { LiveCache } from './live-cache.js';
import { PushHub, type PushSubscription, type Sender } from './push-hub.js';
import { Rollup } from './rollup.js';

export interface TelemetryDeps {
  bus: EventBus;
  repo: TelemetryRepo;
  metrics: MetricsRegistry;
  log: Logger;
  /** Name, model, type and the virtual flag of a printer (from the printers service). */
  identity(id: string): PrinterIdentity;
  /** Seed the cache with printers that exist before their first report. */
  initial?(): Array<{ id: string; status: PrinterStatus }>;
  /** Turn the 2 s runtime sampler off (tests). */
  runtimeSampling?: boolean;
}

/** A detail view's interest in one printer; renewed by the view, so a closed tab cannot leak a subscription. */
const WATCH_LEASE_MS = 30_000;

export class TelemetryService {
  readonly cache = new LiveCache();
  readonly history = new FarmHistory();
  readonly drivers = new DriverCounters();
  readonly dbWrite = new Histogram();
  readonly reportToPush = new Histogram();
  readonly runtime: RuntimeSampler;
  readonly hub: PushHub;
  readonly rollup: Rollup;
  private readonly stateSince = new Map<string, number>();
  private readonly receivedAt = new Map<string, number>();
  private readonly watches = new Map<string, { sub: PushSubscription; expires: number }>();
  private readonly offs: Array<() => void> = [];
  private farmBroadcast: PushSubscription | null = null;
  private farmPushes = 0;
  // Send times of the last 16 farm pushes, to report the most pushes seen in any one second (budget ≤ 10).
  private readonly pushTimes: number[] = [];
  private maxPushesInOneSecond = 0;
  private statusEvents = 0;
  private started = false;
  /** Resolves with the number of history rows restored from SQLite once the background restore is done. */
  restored: Promise<number> = Promise.resolve(0);

  constructor(private readonly deps: TelemetryDeps) {
    this.hub = new PushHub({ cache: this.cache, history: this.history, identity: (id) => deps.identity(id), stateSince: (id) => this.stateSince.get(id) ?? 0 });
    this.rollup = new Rollup({
      history: this.history,
      repo: deps.repo,
      onWrite: (ms, rows) => {
        this.dbWrite.record(ms);
        // Same threshold as slow contract calls: a batch this slow means the disk is struggling.
        if (ms > 100) deps.log.warn({ ms: Math.round(ms), rows }, 'slow telemetry roll-up write');
      },
      onError: (error) => deps.log.error({ err: String(error) }, 'telemetry roll-up write failed'),
      onTick: (now) => this.onTick(now),
    });
    // Per-driver rates are recomputed on the same 2 s beat as the runtime samples.
    this.runtime = new RuntimeSampler(2000, 300, () => this.drivers.sampleRates());
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    // In the background: a week of history for hundreds of printers is millions of rows (cold-start budget 1.5 s).
    const restoreStarted = performance.now();
    this.restored = this.rollup.restoreInBackground().then(
      (rows) => {
        if (rows) this.deps.log.info({ rows, ms: Math.round(performance.now() - restoreStarted) }, 'telemetry history restored from SQLite');
        return rows;
      },
      (error: unknown) => {
        this.deps.log.error({ err: String(error) }, 'telemetry history restore failed');
        return 0;
      },
    );
    for (const { id, status } of this.deps.initial?.() ?? []) this.ingest(id, status, Date.now());
    this.offs.push(this.deps.bus.on('printer:status', ({ id, status }) => this.ingest(id, status, Date.now())));
    // Added printers get a card before their first report; removed ones lose theirs (and their history rows).
    this.offs.push(
      this.deps.bus.on('printers:changed', ({ printers }) => {
        const ids = new Set(printers.map((p) => p.id));
        for (const { id } of this.cache.all()) if (!ids.has(id)) this.removePrinter(id);
        for (const p of printers) {
          const current = this.cache.get(p.id);
          if (!current) this.ingest(p.id, p.status, Date.now());
          else {
            // A rename (or any config change) re-derives the card; the feed pushes only fields that differ.
            this.cache.update(p.id, current);
            this.hub.statusChanged(p.id);
          }
        }
      }),
    );
    // The farm grid stream on the bus: one coalesced subscription whose diffs chain by version. A door that drops
    // an event for a congested client leaves a version gap the client notices; it then re-reads telemetry.farm.
    this.farmBroadcast = this.hub.subscribeFarm((diff) => this.emitFarm(diff));
    this.rollup.start();
    this.registerMetrics();
    if (this.deps.runtimeSampling !== false) this.runtime.start();
  }

  async stop(): Promise<void> {
    for (const off of this.offs.splice(0)) off();
    this.rollup.stop();
    await this.restored;
    this.rollup.tick(); // flush what closed since the last tick
    this.runtime.stop();
    this.hub.close();
    this.started = false;
  }

  /** One status report. O(1) apart from notifying the views (a flag each). */
  ingest(id: string, status: PrinterStatus, now: number): void {
    this.statusEvents++;
    const prev = this.cache.get(id);
    if (!prev || prev.state !== status.state) this.stateSince.set(id, now);
    this.cache.update(id, status);
    this.history.for(id).addStatus(now, status);
    this.receivedAt.set(id, performance.now());
    this.drivers.statusReport(id);
    this.hub.statusChanged(id);
  }

  /** A printer was removed: views drop its card; its history rows go with it. */
  removePrinter(id: string): void {
    this.cache.remove(id);
    this.history.delete(id);
    this.stateSince.delete(id);
    this.receivedAt.delete(id);
    this.drivers.remove(id);
    this.hub.statusChanged(id);
    try {
      this.deps.repo.deletePrinter(id);
    } catch (error) {
      this.deps.log.warn({ printer: id, err: String(error) }, 'could not delete telemetry rows');
    }
  }

  /** Full farm snapshot (first load, or after a version gap). */
  farmSnapshot(): FarmDiff {
    return new FarmFeed(this.feedSource()).snapshot();
  }

  /** History of one printer between two times, from the finest tier that covers the range. */
  historySlice(printerId: string, fromMs: number, toMs = Date.now(), resolutionMs?: number): HistorySlice {
    const h = this.history.get(printerId);
    if (!h && !this.cache.get(printerId)) throw new FarmError('not-found', `There is no printer '${printerId}'.`);
    if (toMs < fromMs) throw new FarmError('invalid-input', 'toMs is before fromMs.');
    const span = toMs - fromMs;
    const tier = resolutionMs
      ? TIERS.find((t) => t.resolutionMs === resolutionMs) ?? TIERS[0]
      : // One bucket of slack: a client asking for "the last 15 min" computes fromMs a few ms before our Date.now(),
        // and must still get the 1 s tier its live pushes extend (otherwise the live chart drops every push).
        TIERS.find((t) => span <= t.resolutionMs * (t.capacity + 1)) ?? TIERS[TIERS.length - 1];
    const ring = h?.ring(tier.resolutionMs);
    if (!ring) return { resolutionMs: tier.resolutionMs, times: [], columns: [] };
    const { times, columns } = ring.read(Math.floor(fromMs / tier.resolutionMs));
    let end = times.length;
    while (end > 0 && times[end - 1] > toMs) end--;
    return { resolutionMs: tier.resolutionMs, times: times.slice(0, end), columns: columns.map((c) => c.slice(0, end)) };
  }

  /** A detail view wants `printerId` pushed as `telemetry:printer` events. Renew before the lease runs out. */
  watch(printerId: string): { leaseMs: number } {
    if (!this.cache.get(printerId)) throw new FarmError('not-found', `There is no printer '${printerId}'.`);
    const existing = this.watches.get(printerId);
    if (existing) existing.expires = Date.now() + WATCH_LEASE_MS;
    else {
      const sub = this.hub.subscribePrinter(printerId, (push) => this.deps.bus.emit('telemetry:printer', push));
      this.watches.set(printerId, { sub, expires: Date.now() + WATCH_LEASE_MS });
    }
    return { leaseMs: WATCH_LEASE_MS };
  }

  unwatch(printerId: string): void {
    this.watches.get(printerId)?.sub.unsubscribe();
    this.watches.delete(printerId);
  }

  /** Per-connection subscriptions, for a door that keeps one coalescer per client instead of the bus stream. */
  subscribeFarm(send: Sender<FarmDiff>): PushSubscription {
    return this.hub.subscribeFarm((diff) => {
      const accepted = send(diff);
      if (accepted !== false) this.recordPushLatency(diff);
      return accepted;
    });
  }

  subscribePrinter(printerId: string, send: Sender<PrinterDetailPush>): PushSubscription {
    return this.hub.subscribePrinter(printerId, send);
  }

  stats() {
    return {
      printers: this.cache.size,
      statusEvents: this.statusEvents,
      farmPushes: this.farmPushes,
      maxFarmPushesInOneSecond: this.maxPushesInOneSecond,
      historyBytes: this.history.bytes,
      historyBytesBoundPerPrinter: HISTORY_BYTES_PER_PRINTER,
      rollup: { ...this.rollup.stats },
      subscriptions: this.hub.subscriptionCount,
    };
  }

  private feedSource() {
    return { cache: this.cache, identity: (id: string) => this.deps.identity(id), stateSince: (id: string) => this.stateSince.get(id) ?? 0 };
  }

  private emitFarm(diff: FarmDiff): void {
    this.farmPushes++;
    const now = performance.now();
    this.pushTimes.push(now);
    if (this.pushTimes.length > 16) this.pushTimes.shift();
    let inWindow = 0;
    for (const t of this.pushTimes) if (now - t < 1000) inWindow++;
    if (inWindow > this.maxPushesInOneSecond) this.maxPushesInOneSecond = inWindow;
    this.recordPushLatency(diff);
    this.deps.bus.emit('telemetry:farm', diff);
  }

  /** Report-to-push latency: from receiving a printer's latest report to the push that carries it. */
  private recordPushLatency(diff: FarmDiff): void {
    if (diff.full) return;
    const now = performance.now();
    for (const patch of diff.changed) {
      const at = this.receivedAt.get(patch.id);
      if (at !== undefined) this.reportToPush.record(now - at);
    }
  }

  private onTick(now: number): void {
    this.hub.historyTicked();
    for (const [id, w] of this.watches) if (w.expires < now) this.unwatch(id);
  }

  private registerMetrics(): void {
    const m = this.deps.metrics;
    const loop = () => this.runtime.latest();
    m.gauge('event_loop_lag_p50_ms', () => loop()?.eventLoopP50Ms ?? 0);
    m.gauge('event_loop_lag_p99_ms', () => loop()?.eventLoopP99Ms ?? 0);
    m.gauge('event_loop_lag_max_ms', () => loop()?.eventLoopMaxMs ?? 0);
    m.gauge('process_cpu_percent', () => loop()?.cpuPercent ?? 0);
    m.gauge('telemetry_printers', () => this.cache.size);
    m.gauge('telemetry_history_bytes', () => this.history.bytes);
    m.gauge('telemetry_status_reports', () => this.statusEvents);
    m.gauge('telemetry_farm_pushes', () => this.farmPushes);
    m.gauge('telemetry_rollup_rows', () => this.rollup.stats.rowsWritten);
    m.gauge('telemetry_db_write_p50_ms', () => this.dbWrite.quantile(0.5));
    m.gauge('telemetry_db_write_p99_ms', () => this.dbWrite.quantile(0.99));
    m.gauge('telemetry_report_to_push_p50_ms', () => this.reportToPush.quantile(0.5));
    m.gauge('telemetry_report_to_push_p99_ms', () => this.reportToPush.quantile(0.99));
    m.gauge('driver_messages_per_second', () => this.drivers.totals().messagesPerSecond);
    m.gauge('serial_resend_ratio', () => this.drivers.totals().resendRatio);
    m.gauge('mqtt_reconnects', () => this.drivers.totals().reconnects);
    this.runtime.track('statusReportsPerSecond', rateOf(() => this.statusEvents));
    this.runtime.track('farmPushesPerSecond', rateOf(() => this.farmPushes));
    this.runtime.track('dbWriteP99Ms', () => this.dbWrite.quantile(0.99));
    this.runtime.track('reportToPushP99Ms', () => this.reportToPush.quantile(0.99));
    this.runtime.track('driverMessagesPerSecond', () => this.drivers.totals().messagesPerSecond);
  }
}

/** A per-second rate of a growing counter, computed between consecutive reads. */
function rateOf(read: () => number): () => number {
  let last = read();
  let lastAt = performance.now();
  return () => {
    const now = performance.now();
    const value = read();
    const rate = ((value - last) * 1000) / Math.max(1, now - lastAt);
    last = value;
    lastAt = now;
    return rate;
  };
}
