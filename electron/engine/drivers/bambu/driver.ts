// The Bambu LAN driver: one MQTT session per printer, cached merged state, acked commands, reconnect + watchdog.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { FarmError } from '../../../shared/contract/envelope.js';
import type { BambuPrinterConfig } from '../../../shared/contract/printer-config.js';
import { emptyStatus, type PrinterState, type PrinterStatus } from '../../../shared/contract/printer-status.js';
import { readThreeMf } from '../../files/threemf.js';
import type { DriverCapabilities, DriverDeps, PrinterDriver, TerminalLine } from '../driver.js';
import { AckTracker } from './acks.js';
import { bambuCaCertificates } from './ca-bundle.js';
import * as cmd from './commands.js';
import type { BambuEndpoint } from './connection.js';
import { uploadToPrinter, type UploadProgress } from './ftps.js';
import { classifyReport, detectModel, modelFromSerial } from './report.js';
import type { ReconnectOptions } from './reconnect.js';
import { StartPrintGuard } from './start-guard.js';
import { BambuReportCache } from './state.js';
import { SessionSupervisor, type LinkState } from './supervisor.js';
import { BambuCertificateError } from './tls-gate.js';
import { Listeners } from '../listeners.js';

export interface BambuDriverOptions {
  /** No report for this long → shown offline (issue #4: 30 s). */
  watchdogMs?: number;
  /**
   * Full resync (pushall) period while online. Default 5 min on delta-reporting models (P1/A1: OpenBambuAPI asks
   * for no more than one pushall per 5 min on the P1P; bambu-node does the same), off on X1 (full reports).
   */
  resyncMs?: number;
  ackTimeoutMs?: number;
  reconnect?: ReconnectOptions;
  /** 'tcp' is allowed only for virtual printers (demo, bench); real printers always use TLS. */
  transport?: 'tls' | 'tcp';
  /** Extra CA PEMs (new printer models with their own device CA) on top of the shipped bundle. */
  extraCa?: string[];
  ftpsPort?: number;
  clientIdPrefix?: string;
  /** Where to connect, resolved per attempt (virtual printers start their broker lazily). Default: config host/port. */
  resolveEndpoint?: () => Promise<{ host: string; port: number }>;
  /** Diagnostics tap: every accepted push_status body, before it is merged (benchmarks measure latency with it). */
  onRawReport?: (print: Readonly<Record<string, unknown>>) => void;
}

export interface StartPrintRequest {
  /** Local path or stream of the .gcode.3mf; omit when the file is already on the SD card. */
  source?: string | Readable;
  sizeBytes?: number | null;
  remoteName: string;
  plate: number;
  amsMapping: number[];
  idempotencyKey: string;
  /** Epoch ms after which the start must not be sent. */
  expiresAt: number;
  onProgress?: (progress: UploadProgress) => void;
  options?: Partial<Omit<cmd.ProjectFileOptions, 'remoteName' | 'plate' | 'amsMapping'>>;
}

const WARN_FIRST = 10;

export class BambuDriver implements PrinterDriver {
  readonly type = 'bambu' as const;
  readonly capabilities: DriverCapabilities = { sdCard: true, ams: true, emergencyStop: true, rawGcode: true, upload: true };
  readonly id: string;

  private readonly cache = new BambuReportCache();
  private readonly acks = new AckTracker();
  private readonly guard = new StartPrintGuard();
  private readonly link: SessionSupervisor;
  private readonly statusListeners = new Listeners<PrinterStatus>();
  private readonly terminalListeners = new Listeners<TerminalLine>();
  private model: string | null;
  private lastReportAt = 0;
  /** A full snapshot arrived on the CURRENT session (deltas merged onto an older snapshot are not enough). */
  private snapshotThisSession = false;
  /** Sessions established so far; every one after the first counts as a reconnect. */
  private sessionsUp = 0;
  private droppedMessages = 0;
  private readonly ackTimeoutMs: number;

  constructor(
    private readonly config: BambuPrinterConfig,
    private readonly deps: DriverDeps,
    private readonly options: BambuDriverOptions = {},
  ) {
    this.id = config.id;
    this.model = config.model ?? modelFromSerial(config.serial);
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    if (options.transport === 'tcp' && !config.virtual) throw new FarmError('invalid-input', 'Plain MQTT is only for virtual printers; real Bambu printers use TLS.');
    this.link = new SessionSupervisor(
      {
        endpoint: (target) => this.endpoint(target),
        onMessage: (payload) => this.onMessage(payload),
        onSessionUp: () => {
          // Every session after the first is a reconnect (Metrics room, /metrics).
          if (this.sessionsUp++ > 0) this.deps.metrics?.reconnect();
          this.snapshotThisSession = false;
          // pybambu start-up order: subscribe (done), get_version, then pushall (P1/A1 send only deltas otherwise).
          this.command(cmd.getVersion()).catch(() => undefined);
          this.command(cmd.pushAll()).catch(() => undefined);
        },
        onSessionGone: (error) => this.acks.rejectAll(error),
        onStale: () => this.command(cmd.pushAll()).catch(() => undefined),
        needsSnapshot: () => !this.snapshotThisSession,
        requestSnapshot: () => this.command(cmd.pushAll()).catch(() => undefined),
        onLinkState: () => this.emitStatus(),
        terminal: (text) => this.terminal('info', text),
      },
      {
        target: { host: config.host, port: config.port },
        resolveEndpoint: options.resolveEndpoint,
        watchdogMs: options.watchdogMs ?? 30_000,
        reconnect: options.reconnect,
        resyncMs: options.resyncMs ?? (this.model?.startsWith('X1') ? 0 : 5 * 60_000),
      },
    );
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Connect (or, from 'error' / an open breaker, try again now). A no-op while connected: one connection per printer. */
  async connect(): Promise<void> {
    if (!this.config.accessCode) {
      this.link.setLink('error', 'No access code stored for this printer; enter the LAN access code.');
      throw new FarmError('invalid-input', 'No access code stored for this printer.');
    }
    const failure = await this.link.start();
    if (failure) throw failure.error;
  }

  async disconnect(): Promise<void> {
    await this.link.stop();
  }

  /** The last connection error (e.g. a BambuCertificateError carrying the fingerprint to offer for trust). */
  get error(): FarmError | null {
    return this.link.lastError;
  }

  private endpoint(target: { host: string; port: number }): BambuEndpoint {
    return {
      host: target.host,
      port: target.port,
      serial: this.config.serial,
      accessCode: this.config.accessCode ?? '',
      transport: this.options.transport ?? 'tls',
      ca: [...bambuCaCertificates(), ...(this.options.extraCa ?? [])],
      trustedFingerprint: this.config.trustedCertFingerprint,
      clientId: `${this.options.clientIdPrefix ?? 'farm'}-${randomUUID().slice(0, 8)}-${this.config.serial}`,
    };
  }

  // ---- incoming --------------------------------------------------------------------------------

  private onMessage(payload: Buffer): void {
    this.deps.metrics?.message();
    const message = classifyReport(payload);
    switch (message.kind) {
      case 'invalid':
        this.warnDropped(message.reason, payload.length);
        return;
      case 'ignored':
        return;
      case 'version':
        this.acks.settle({ command: 'get_version', sequenceId: message.sequenceId, ok: true, reason: '', body: message.body });
        if (!this.config.model) this.model = detectModel(message.modules, this.config.serial) ?? this.model;
        return;
      case 'ack':
        if (this.acks.settle(message)) this.terminal('received', `${message.command}: ${message.ok ? 'ok' : `refused ${message.reason}`}`);
        return;
      case 'status': {
        this.options.onRawReport?.(message.print);
        const rejected = this.cache.apply(message.print, message.full);
        if (rejected.length) this.warnDropped(`wrong-typed keys ignored: ${rejected.slice(0, 5).join(', ')}`, payload.length);
        this.lastReportAt = Date.now();
        this.link.reportArrived();
        // Newer models (H2D) omit msg on their snapshot; only an explicit msg: 1 marks a delta.
        if (message.full || message.print.msg === undefined) this.snapshotThisSession = true;
        if (this.snapshotThisSession) this.link.setLink('online', null);
        else this.emitStatus();
        return;
      }
    }
  }

  private warnDropped(reason: string, bytes: number): void {
    this.droppedMessages += 1;
    // Log the first few and then every 1000th: a hostile publisher must not flood the log either.
    if (this.droppedMessages <= WARN_FIRST || this.droppedMessages % 1000 === 0) {
      this.deps.log.warn({ printer: this.id, reason, bytes, dropped: this.droppedMessages }, 'bambu: dropped report payload');
    }
  }

  // ---- status ----------------------------------------------------------------------------------

  status(): PrinterStatus {
    const overrides: Record<Exclude<LinkState, 'online'>, PrinterState> = { connecting: 'connecting', stale: 'offline', offline: 'offline', error: 'error' };
    const link = this.link.linkState;
    if (link === 'online') return this.cache.status({ serial: this.config.serial, model: this.model, reportedAt: this.lastReportAt });
    const state = overrides[link];
    const cert = link === 'error' && this.link.lastError instanceof BambuCertificateError ? this.link.lastError : null;
    const untrustedCertificate = cert ? { fingerprint256: cert.fingerprint256, subject: cert.subject, issuer: cert.issuer, reason: cert.reason } : null;
    if (this.lastReportAt === 0) return { ...emptyStatus(state), message: this.link.linkMessage, reportedAt: this.lastReportAt, untrustedCertificate };
    // Keep the last known temperatures/AMS for context, but never show a silent printer as printing.
    const last = this.cache.status({ serial: this.config.serial, model: this.model, reportedAt: this.lastReportAt });
    return { ...last, state, message: this.link.linkMessage ?? last.message, untrustedCertificate };
  }

  private emitStatus(): void {
    if (this.statusListeners.size === 0) return;
    const status = this.status();
    this.statusListeners.emit(status);
  }

  onStatus(listener: (status: PrinterStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }

  onTerminal(listener: (line: TerminalLine) => void): () => void {
    return this.terminalListeners.add(listener);
  }

  private terminal(direction: TerminalLine['direction'], text: string): void {
    const line = { at: Date.now(), direction, text };
    this.terminalListeners.emit(line);
  }

  /** Printer model (config, then get_version, then serial prefix). */
  get printerModel(): string | null {
    return this.model;
  }

  // ---- commands --------------------------------------------------------------------------------

  /** Publish one request at QoS 1 and, when the printer acks that command, wait for its sequence_id. */
  async command(request: cmd.BambuRequest, timeoutMs = this.ackTimeoutMs): Promise<void> {
    const session = this.link.session;
    if (!session?.connected) throw new FarmError('unavailable', `Printer ${this.config.name} is not connected.`);
    const sequenceId = this.acks.nextSequenceId();
    const acked = request.acked ? this.acks.wait(sequenceId, request.command, timeoutMs) : null;
    acked?.catch(() => undefined); // observed below; avoid an unhandled rejection if publish fails first
    if (request.command !== 'pushall' && request.command !== 'get_version') this.terminal('sent', request.command);
    try {
      await session.publish(cmd.encodeRequest(request, sequenceId));
    } catch (error) {
      this.acks.cancel(sequenceId, error as Error);
      throw error;
    }
    if (acked) await acked;
  }

  async sendGcode(gcode: string): Promise<void> {
    await this.command(cmd.gcodeLine(gcode));
  }
  async pause(): Promise<void> {
    await this.command(cmd.pause());
  }
  async resume(): Promise<void> {
    await this.command(cmd.resume());
  }
  async cancel(): Promise<void> {
    await this.command(cmd.stop());
  }
  /** print.stop is the Bambu emergency stop; there is no host-side queue to bypass. */
  async emergencyStop(): Promise<void> {
    await this.command(cmd.stop());
  }
  async setSpeedLevel(level: number): Promise<void> {
    await this.command(cmd.speedLevel(level));
  }
  async setLight(node: cmd.LightNode, on: boolean): Promise<void> {
    await this.command(cmd.light(node, on));
  }
  async setAmsFilament(setting: cmd.AmsFilamentSetting): Promise<void> {
    await this.command(cmd.amsFilamentSetting(setting));
  }
  async amsControl(action: 'resume' | 'reset' | 'pause' | 'done'): Promise<void> {
    await this.command(cmd.amsControl(action));
  }
  async amsChangeFilament(target: { amsId: number; slotId: number } | 'unload'): Promise<void> {
    await this.command(cmd.amsChangeFilament(target), Math.max(this.ackTimeoutMs, 20_000));
  }
  async skipObjects(objectIds: number[]): Promise<void> {
    await this.command(cmd.skipObjects(objectIds));
  }
  async requestVersion(): Promise<void> {
    await this.command(cmd.getVersion());
  }

  /**
   * Upload (optional) then project_file. Accepted only while connected; rejected — never deferred — when the
   * connection drops between acceptance and sending, when it expires, or when its key was used before.
   */
  async startPrint(request: StartPrintRequest): Promise<void> {
    const current = this.status().state;
    if (current === 'printing' || current === 'paused' || current === 'preparing') {
      // The printer would refuse too, but only after the upload overwrote a file it may be printing from.
      throw new FarmError('conflict', `The printer is ${current}; a new print cannot start until the plate is cleared.`);
    }
    if (typeof request.source === 'string') await checkPlateInFile(request.source, request.plate);
    const ticket = this.guard.admit(request.idempotencyKey, request.expiresAt, this.link.epoch, this.link.connected);
    this.terminal('info', `Start '${request.remoteName}' plate ${request.plate} accepted (key ${request.idempotencyKey}).`);
    if (request.source !== undefined) {
      await uploadToPrinter(
        {
          host: this.config.host,
          port: this.options.ftpsPort ?? 990,
          serial: this.config.serial,
          accessCode: this.config.accessCode ?? '',
          ca: [...bambuCaCertificates(), ...(this.options.extraCa ?? [])],
          trustedFingerprint: this.config.trustedCertFingerprint,
        },
        request.source,
        request.remoteName,
        request.sizeBytes ?? null,
        request.onProgress,
      );
    }
    this.guard.checkBeforeSend(ticket, this.link.epoch, this.link.connected);
    await this.command(cmd.projectFile({ ...request.options, remoteName: request.remoteName, plate: request.plate, amsMapping: request.amsMapping }), Math.max(this.ackTimeoutMs, 20_000));
  }
}

/** Refuse a plate the .3mf does not contain before anything is uploaded or any key is used. */
async function checkPlateInFile(file: string, plate: number): Promise<void> {
  if (!/\.3mf$/i.test(file)) return;
  const plates = readThreeMf(await readFile(file)).plates.map((p) => p.index);
  if (plates.length && !plates.includes(plate)) {
    throw new FarmError('invalid-input', `Plate ${plate} is not in ${basename(file)}; it has plate${plates.length > 1 ? 's' : ''} ${plates.join(', ')}.`);
  }
}

export function isCertificateError(error: unknown): error is BambuCertificateError {
  return error instanceof BambuCertificateError;
}
