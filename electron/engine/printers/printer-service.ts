// The farm's printers: configs from the store, one driver per printer from the registry, latest status, terminal rings.
// Everything else in the engine reads status from here (one connection per printer, owned by its driver).
import { FarmError } from '../../shared/contract/envelope.js';
import { PrinterConfig } from '../../shared/contract/printer-config.js';
import { emptyStatus, type PrinterStatus } from '../../shared/contract/printer-status.js';
import type { NewPrinter, PrinterSettingsPatch, PrinterSummary } from '../../shared/contract/printers.js';
import type { EventBus } from '../bus.js';
import type { Logger } from '../dispatch.js';
import type { PrinterDriver, TerminalLine } from '../drivers/driver.js';
import type { DriverRegistry } from '../drivers/registry.js';
import type { PrintersRepo } from '../store/printers-repo.js';
import { applySettingsPatch } from './printer-settings.js';
import { TerminalRing } from './terminal-ring.js';

/** Where secrets (Bambu access codes) live, encrypted at rest; never in the printers table. */
export interface SecretStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
}

interface Entry {
  config: PrinterConfig;
  driver: PrinterDriver | null;
  status: PrinterStatus;
  terminal: TerminalRing;
  unsubscribe: Array<() => void>;
  /** Settings were stored while the printer was busy; the driver picks them up on the next connect. */
  pendingReconfigure?: boolean;
}

export interface PrinterServiceDeps {
  repo: PrintersRepo;
  registry: DriverRegistry;
  bus: EventBus;
  log: Logger;
  dataDir: string;
  secrets: SecretStore | null;
}

const accessCodeKey = (id: string) => `printer/${id}/accessCode`;

export class PrinterService {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly deps: PrinterServiceDeps) {}

  /** Load stored printers and start connecting them (connection failures show as status, not as start-up errors). */
  async start(): Promise<void> {
    const { printers, invalid } = this.deps.repo.all();
    for (const bad of invalid) this.deps.log.warn({ printer: bad.id, reason: bad.reason }, 'stored printer config is invalid; skipped');
    for (const config of printers) this.attach(config);
  }

  list(): PrinterSummary[] {
    return [...this.entries.values()].map((e) => summarize(e));
  }

  get(id: string): PrinterSummary {
    return summarize(this.entry(id));
  }

  driver(id: string): PrinterDriver {
    const entry = this.entry(id);
    if (!entry.driver) throw new FarmError('unavailable', `Printer '${entry.config.name}' has no driver (${entry.status.message ?? 'not set up'}).`);
    return entry.driver;
  }

  status(id: string): PrinterStatus {
    return this.entry(id).status;
  }

  /** Validate, store (secrets apart), then connect. The UI is told only after the row is written. */
  async add(input: NewPrinter): Promise<PrinterSummary> {
    const id = input.id ?? this.freshId(input.name ?? input.type);
    if (this.entries.has(id) || this.deps.repo.exists(id)) throw new FarmError('conflict', `A printer with id '${id}' already exists.`);
    const parsed = PrinterConfig.safeParse({ ...input, id });
    if (!parsed.success) throw new FarmError('invalid-input', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const config = parsed.data;
    if (config.type === 'bambu' && config.accessCode) {
      if (!this.deps.secrets) throw new FarmError('unavailable', 'No secret store is available to keep the access code encrypted.');
      this.deps.secrets.set(accessCodeKey(id), config.accessCode);
    }
    this.deps.repo.save(stripSecrets(config));
    const entry = this.attach(stripSecrets(config));
    this.emitChanged();
    return summarize(entry);
  }

  async remove(id: string): Promise<void> {
    const entry = this.entry(id);
    await this.detach(id, entry);
    this.deps.repo.remove(id);
    this.deps.secrets?.delete(accessCodeKey(id));
    this.emitChanged();
  }

  async removeVirtual(): Promise<number> {
    const ids = [...this.entries.values()].filter((e) => e.config.virtual).map((e) => e.config.id);
    for (const id of ids) {
      await this.detach(id, this.entry(id));
      this.deps.repo.remove(id);
    }
    if (ids.length) this.emitChanged();
    return ids.length;
  }

  terminal(id: string, limit: number): TerminalLine[] {
    return this.entry(id).terminal.tail(limit);
  }

  async connect(id: string): Promise<void> {
    const entry = this.entry(id);
    if (entry.pendingReconfigure) {
      // attach() starts connecting the re-created driver; failures show in its status.
      await this.reattach(id, entry.config);
      return;
    }
    await this.driver(id).connect();
  }

  /** The stored config without secrets (the settings panel edits it). */
  settings(id: string): PrinterConfig {
    return this.entry(id).config;
  }

  /**
   * Store a settings change, then apply it. A change the driver reads (snippets, baud, access code) re-creates the
   * driver — unless the printer is busy: dropping the link mid-print would ruin the print, so it waits for a reconnect.
   */
  async update(id: string, patch: PrinterSettingsPatch): Promise<{ printer: PrinterSummary; reconnected: boolean; appliesAfterPrint: boolean }> {
    const entry = this.entry(id);
    const { config, accessCode, driverChanged } = applySettingsPatch(entry.config, patch);
    if (accessCode !== null) {
      if (!this.deps.secrets) throw new FarmError('unavailable', 'No secret store is available to keep the access code encrypted.');
      this.deps.secrets.set(accessCodeKey(id), accessCode);
    }
    this.deps.repo.save(config);
    const busy = entry.status.state === 'printing' || entry.status.state === 'paused' || entry.status.state === 'preparing';
    let reconnected = false;
    if (driverChanged && !busy) {
      await this.reattach(id, config);
      reconnected = true;
    } else {
      entry.config = config;
      if (driverChanged) entry.pendingReconfigure = true;
    }
    this.emitChanged();
    return { printer: this.get(id), reconnected, appliesAfterPrint: driverChanged && busy };
  }

  /** The user explicitly chose to trust this certificate (issue #4): pin its fingerprint and reconnect. */
  async trustCertificate(id: string, fingerprint: string): Promise<PrinterSummary> {
    const entry = this.entry(id);
    if (entry.config.type !== 'bambu') throw new FarmError('invalid-input', 'Only Bambu printers use certificates.');
    const config: PrinterConfig = { ...entry.config, trustedCertFingerprint: fingerprint.trim() };
    this.deps.repo.save(config);
    await this.reattach(id, config);
    this.emitChanged();
    return this.get(id);
  }

  /** Re-create a printer's driver with a new config, keeping its terminal history. */
  private async reattach(id: string, config: PrinterConfig): Promise<void> {
    const old = this.entry(id);
    await this.detach(id, old);
    this.attach(config, old.terminal);
  }

  async disconnect(id: string): Promise<void> {
    await this.driver(id).disconnect();
  }

  async emergencyStopAll(): Promise<{ stopped: number; failed: Array<{ id: string; message: string }> }> {
    // All at once: one slow printer must not delay the others' stop.
    const targets = [...this.entries.values()].filter((e) => e.driver && e.status.state !== 'offline');
    const results = await Promise.allSettled(targets.map((e) => e.driver!.emergencyStop()));
    const failed: Array<{ id: string; message: string }> = [];
    results.forEach((r, i) => {
      if (r.status === 'rejected') failed.push({ id: targets[i].config.id, message: r.reason instanceof Error ? r.reason.message : String(r.reason) });
    });
    return { stopped: targets.length - failed.length, failed };
  }

  async stop(): Promise<void> {
    await Promise.allSettled([...this.entries.entries()].map(([id, e]) => this.detach(id, e)));
  }

  private attach(config: PrinterConfig, terminal = new TerminalRing()): Entry {
    const entry: Entry = { config, driver: null, status: emptyStatus('offline'), terminal, unsubscribe: [] };
    this.entries.set(config.id, entry);
    try {
      const withSecrets = this.withSecrets(config);
      const driver = this.deps.registry.create(withSecrets, {
        log: this.deps.log,
        dataDir: this.deps.dataDir,
      });
      entry.driver = driver;
      entry.status = driver.status();
      entry.unsubscribe.push(
        driver.onStatus((status) => {
          entry.status = status;
          this.deps.bus.emit('printer:status', { id: config.id, status });
        }),
        driver.onTerminal((line) => {
          entry.terminal.push(line);
          this.deps.bus.emit('printer:terminal', { id: config.id, line });
        }),
      );
      driver.connect().catch((error: unknown) => {
        this.deps.log.warn({ printer: config.id, err: String(error) }, 'printer connect failed');
      });
    } catch (error) {
      entry.status = { ...emptyStatus('error'), message: error instanceof Error ? error.message : String(error) };
    }
    return entry;
  }

  private async detach(id: string, entry: Entry): Promise<void> {
    for (const off of entry.unsubscribe) off();
    this.entries.delete(id);
    if (entry.driver) await entry.driver.disconnect().catch(() => undefined);
  }

  private withSecrets(config: PrinterConfig): PrinterConfig {
    if (config.type !== 'bambu') return config;
    const accessCode = this.deps.secrets?.get(accessCodeKey(config.id)) ?? undefined;
    return { ...config, accessCode };
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new FarmError('not-found', `There is no printer '${id}'.`);
    return entry;
  }

  private freshId(name: string): string {
    const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'printer';
    let id = base;
    for (let n = 2; this.entries.has(id) || this.deps.repo.exists(id); n++) id = `${base}-${n}`;
    return id;
  }

  private emitChanged(): void {
    this.deps.bus.emit('printers:changed', { printers: this.list() });
  }
}

function stripSecrets(config: PrinterConfig): PrinterConfig {
  if (config.type !== 'bambu') return config;
  const { accessCode: _secret, ...rest } = config;
  return rest as PrinterConfig;
}

function summarize(entry: Entry): PrinterSummary {
  const c = entry.config;
  return {
    id: c.id,
    name: c.name,
    type: c.type,
    virtual: c.virtual,
    model: c.type === 'bambu' ? c.model : null,
    tags: c.tags,
    buildVolume: c.buildVolume,
    nozzleDiameter: c.nozzleDiameter,
    address: c.type === 'bambu' ? c.host : c.port,
    status: entry.status,
  };
}
