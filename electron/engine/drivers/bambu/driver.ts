// The Bambu LAN driver: one MQTT session per printer, cached merged state, acked commands, reconnect + watchdog.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { FarmError } from '../../../shared/contract/envelope.js';
import type { BambuPrinterConfig } from '../../../shared/contract/printer-config.js';
import { emptyStatus, type PrinterState, type PrinterStatus } from '../../../shared/contract/printer-status.js';
import type { DriverCapabilities, DriverDeps, PrinterDriver, TerminalLine } from '../driver.js';
import { AckTracker } from './acks.js';
import { bambuCaCertificates } from './ca-bundle.js';
import * as cmd from './commands.js';
import { BambuSession, type BambuEndpoint, type ConnectFailure } from './connection.js';
import { uploadToPrinter, type UploadProgress } from './ftps.js';
import { classifyReport, detectModel, modelFromSerial } from './report.js';
import { ReconnectPolicy, type ReconnectOptions } from './reconnect.js';
import { StartPrintGuard } from './start-guard.js';
import { BambuReportCache } from './state.js';
import { BambuCertificateError } from './tls-gate.js';

export interface BambuDriverOptions {
  /** No report for this long → shown offline (issue #4: 30 s). */
  watchdogMs?: number;
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

type Connection = 'connecting' | 'online' | 'stale' | 'offline' | 'error';

const WARN_FIRST = 10;

export class BambuDriver implements PrinterDriver {
  readonly type = 'bambu' as const;
  readonly capabilities: DriverCapabilities = { sdCard: true, ams: true, emergencyStop: true, rawGcode: true, upload: true };
  readonly id: string;

  private readonly cache = new BambuReportCache();
  private readonly acks = new AckTracker();
  private readonly guard = new StartPrintGuard();
  private readonly policy: ReconnectPolicy;
  private readonly statusListeners = new Set<(s: PrinterStatus) => void>();
  private readonly terminalListeners = new Set<(l: TerminalLine) => void>();
  private session: BambuSession | null = null;
  private epoch = 0;
  private connection: Connection = 'offline';
  private connectionMessage: string | null = null;
  private lastError: FarmError | null = null;
  private model: string | null;
  private lastReportAt = 0;
  private stopped = true;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  private staleSince = 0;
  /** A full snapshot arrived on the CURRENT session (deltas merged onto an older snapshot are not enough). */
  private snapshotThisSession = false;
  private droppedMessages = 0;
  private readonly watchdogMs: number;
  private readonly ackTimeoutMs: number;

  constructor(
    private readonly config: BambuPrinterConfig,
    private readonly deps: DriverDeps,
    private readonly options: BambuDriverOptions = {},
  ) {
    this.id = config.id;
    this.model = config.model ?? modelFromSerial(config.serial);
    this.policy = new ReconnectPolicy(options.reconnect);
    this.watchdogMs = options.watchdogMs ?? 30_000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    if (options.transport === 'tcp' && !config.virtual) throw new FarmError('invalid-input', 'Plain MQTT is only for virtual printers; real Bambu printers use TLS.');
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  async connect(): Promise<void> {
    if (!this.config.accessCode) {
      this.setConnection('error', 'No access code stored for this printer; enter the LAN access code.');
      throw new FarmError('invalid-input', 'No access code stored for this printer.');
    }
    // One connection per printer (P1/A1 starve a second client): a connect while running is a no-op,
    // except from 'error' (wrong code / untrusted cert) or an open breaker, where the user asks to try again now.
    if (!this.stopped && this.session) return;
    if (!this.stopped && this.connection === 'connecting') return;
    this.clearTimers();
    this.policy.succeeded();
    this.stopped = false;
    const failure = await this.attempt();
    if (failure) throw failure.error;
  }

  async disconnect(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const session = this.session;
    this.session = null;
    this.acks.rejectAll(new FarmError('unavailable', 'Disconnected before the printer acknowledged the command.'));
    await session?.close();
    this.setConnection('offline', null);
  }

  /** The last connection error (e.g. a BambuCertificateError carrying the fingerprint to offer for trust). */
  get error(): FarmError | null {
    return this.lastError;
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

  /** One connection attempt; on failure schedules the next one unless retrying cannot help. */
  private async attempt(): Promise<ConnectFailure | null> {
    this.reconnectTimer = null;
    if (this.stopped) return null;
    this.setConnection('connecting', this.connectionMessage);
    let target = { host: this.config.host, port: this.config.port };
    if (this.options.resolveEndpoint) {
      try {
        target = await this.options.resolveEndpoint();
      } catch (error) {
        const failure = { error: new FarmError('unavailable', `Virtual printer unavailable: ${(error as Error).message}`), permanent: false };
        this.scheduleReconnect(failure.error.message);
        return failure;
      }
    }
    const session: BambuSession = new BambuSession(this.endpoint(target), {
      onMessage: (payload) => {
        if (this.session === session) this.onMessage(payload);
      },
      onDown: (error) => {
        if (this.session === session) this.onSessionDown(error);
      },
    });
    try {
      await session.open();
    } catch (caught) {
      const failure = caught as ConnectFailure;
      if (this.stopped) return null;
      this.lastError = failure.error;
      if (failure.permanent) {
        // Wrong access code / untrusted certificate: retrying cannot help and would hammer the printer.
        this.setConnection('error', failure.error.message);
        this.terminal('info', failure.error.message);
        return failure;
      }
      this.scheduleReconnect(failure.error.message);
      return failure;
    }
    if (this.stopped) {
      await session.close();
      return null;
    }
    this.session = session;
    this.epoch += 1;
    this.snapshotThisSession = false;
    this.lastError = null;
    this.policy.succeeded();
    this.setConnection('connecting', 'Connected; waiting for the first full report.');
    this.terminal('info', `Connected to ${target.host}:${target.port}`);
    // pybambu start-up order: subscribe (done), get_version, then pushall (P1/A1 send only deltas otherwise).
    this.command(cmd.getVersion()).catch(() => undefined);
    this.command(cmd.pushAll()).catch(() => undefined);
    this.armWatchdog();
    this.armSnapshotRetry(session);
    return null;
  }

  /**
   * A pushall can be lost (the printer's broker restarted, the request raced a resubscribe) while deltas keep
   * flowing and keep the watchdog quiet. Ask again until a snapshot arrives — P1P firmware dislikes frequent
   * pushall, so only while none has arrived on this session, and at most every few seconds.
   */
  private armSnapshotRetry(session: BambuSession): void {
    const delay = Math.min(this.watchdogMs, 10_000);
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      if (this.session !== session || this.snapshotThisSession) return;
      this.command(cmd.pushAll()).catch(() => undefined);
      this.armSnapshotRetry(session);
    }, delay);
    this.snapshotTimer.unref?.();
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopped || this.reconnectTimer) return;
    const decision = this.policy.failed();
    const seconds = Math.round(decision.delayMs / 1000);
    const message = decision.circuitOpen
      ? `${reason} Gave up after ${decision.attempt} attempts; trying again in ${Math.max(1, Math.round(seconds / 60))} min.`
      : `${reason} Reconnecting in ${seconds} s.`;
    this.setConnection('offline', message);
    this.reconnectTimer = setTimeout(() => void this.attempt(), decision.delayMs);
    this.reconnectTimer.unref?.();
  }

  private onSessionDown(error: FarmError): void {
    this.session = null;
    this.clearWatchdog();
    this.acks.rejectAll(new FarmError('unavailable', 'The connection was lost before the printer acknowledged the command; it was not resent.'));
    this.terminal('info', error.message);
    this.scheduleReconnect(error.message);
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.clearWatchdog();
  }

  private clearWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = null;
  }

  private armWatchdog(): void {
    if (this.watchdog) {
      this.watchdog.refresh();
      return;
    }
    this.watchdog = setTimeout(() => this.onSilence(), this.watchdogMs);
    this.watchdog.unref?.();
  }

  /** No report for watchdogMs: show offline (not stale-as-printing), ask for a full report, then drop the session. */
  private onSilence(): void {
    this.watchdog = null;
    if (!this.session) return;
    if (this.connection !== 'stale') {
      this.staleSince = Date.now();
      this.setConnection('stale', `No report from the printer for ${Math.round(this.watchdogMs / 1000)} s.`);
      this.command(cmd.pushAll()).catch(() => undefined);
      this.armWatchdog();
      return;
    }
    // Still silent after another period: the session is dead even if TCP is not (P1 second-client stall).
    const session = this.session;
    this.session = null;
    this.acks.rejectAll(new FarmError('unavailable', 'The printer stopped responding; the command was not resent.'));
    void session.close();
    this.scheduleReconnect(`No report from the printer since ${new Date(this.staleSince).toISOString()}.`);
  }

  // ---- incoming --------------------------------------------------------------------------------

  private onMessage(payload: Buffer): void {
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
        this.armWatchdog();
        // Newer models (H2D) omit msg on their snapshot; only an explicit msg: 1 marks a delta.
        if (message.full || message.print.msg === undefined) this.snapshotThisSession = true;
        if (this.snapshotThisSession) this.setConnection('online', null);
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

  private setConnection(connection: Connection, message: string | null): void {
    const changed = connection !== this.connection || message !== this.connectionMessage;
    this.connection = connection;
    this.connectionMessage = message;
    if (changed || connection === 'online') this.emitStatus();
  }

  status(): PrinterStatus {
    const overrides: Record<Exclude<Connection, 'online'>, PrinterState> = { connecting: 'connecting', stale: 'offline', offline: 'offline', error: 'error' };
    if (this.connection === 'online') return this.cache.status({ serial: this.config.serial, model: this.model, reportedAt: this.lastReportAt });
    const state = overrides[this.connection];
    const cert = this.connection === 'error' && this.lastError instanceof BambuCertificateError ? this.lastError : null;
    const untrustedCertificate = cert ? { fingerprint256: cert.fingerprint256, subject: cert.subject, issuer: cert.issuer, reason: cert.reason } : null;
    if (this.lastReportAt === 0) return { ...emptyStatus(state), message: this.connectionMessage, reportedAt: this.lastReportAt, untrustedCertificate };
    // Keep the last known temperatures/AMS for context, but never show a silent printer as printing.
    const last = this.cache.status({ serial: this.config.serial, model: this.model, reportedAt: this.lastReportAt });
    return { ...last, state, message: this.connectionMessage ?? last.message, untrustedCertificate };
  }

  private emitStatus(): void {
    if (this.statusListeners.size === 0) return;
    const status = this.status();
    for (const listener of this.statusListeners) listener(status);
  }

  onStatus(listener: (status: PrinterStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onTerminal(listener: (line: TerminalLine) => void): () => void {
    this.terminalListeners.add(listener);
    return () => this.terminalListeners.delete(listener);
  }

  private terminal(direction: TerminalLine['direction'], text: string): void {
    const line = { at: Date.now(), direction, text };
    for (const listener of this.terminalListeners) listener(line);
  }

  /** Printer model (config, then get_version, then serial prefix). */
  get printerModel(): string | null {
    return this.model;
  }

  // ---- commands --------------------------------------------------------------------------------

  /** Publish one request at QoS 1 and, when the printer acks that command, wait for its sequence_id. */
  async command(request: cmd.BambuRequest, timeoutMs = this.ackTimeoutMs): Promise<void> {
    const session = this.session;
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
  async requestVersion(): Promise<void> {
    await this.command(cmd.getVersion());
  }

  /**
   * Upload (optional) then project_file. Accepted only while connected; rejected — never deferred — when the
   * connection drops between acceptance and sending, when it expires, or when its key was used before.
   */
  async startPrint(request: StartPrintRequest): Promise<void> {
    const ticket = this.guard.admit(request.idempotencyKey, request.expiresAt, this.epoch, !!this.session?.connected);
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
    this.guard.checkBeforeSend(ticket, this.epoch, !!this.session?.connected);
    await this.command(cmd.projectFile({ ...request.options, remoteName: request.remoteName, plate: request.plate, amsMapping: request.amsMapping }), Math.max(this.ackTimeoutMs, 20_000));
  }
}

export function isCertificateError(error: unknown): error is BambuCertificateError {
  return error instanceof BambuCertificateError;
}
