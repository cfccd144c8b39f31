// Keeps one printer's MQTT session alive: attempts, backoff + circuit breaker, silence watchdog, snapshot re-ask.
import { FarmError } from '../../../shared/contract/envelope.js';
import { BambuSession, type BambuEndpoint, type ConnectFailure } from './connection.js';
import { ReconnectPolicy, type ReconnectOptions } from './reconnect.js';

/** Link state as the driver shows it; 'stale' = connected but silent past the watchdog (shown offline). */
export type LinkState = 'connecting' | 'online' | 'stale' | 'offline' | 'error';

export interface SupervisorHooks {
  endpoint(target: { host: string; port: number }): BambuEndpoint;
  onMessage(payload: Buffer): void;
  /** A new session is up: ask for version + full report. */
  onSessionUp(session: BambuSession): void;
  /** The session is gone (lost, silent, or closed): nothing in flight will be answered. */
  onSessionGone(error: FarmError): void;
  /** Silent past the watchdog: ask for a full report (pushall). */
  onStale(): void;
  /** Still no full snapshot on this session: ask again. */
  needsSnapshot(): boolean;
  requestSnapshot(): void;
  onLinkState(state: LinkState, message: string | null): void;
  terminal(text: string): void;
}

export interface SupervisorOptions {
  target: { host: string; port: number };
  resolveEndpoint?: () => Promise<{ host: string; port: number }>;
  watchdogMs: number;
  reconnect?: ReconnectOptions;
  /** Periodic full resync (0 = never). Deltas travel at QoS 0 and one lost delta would otherwise stick. */
  resyncMs?: number;
}

export class SessionSupervisor {
  private current: BambuSession | null = null;
  private generation = 0;
  private state: LinkState = 'offline';
  private message: string | null = null;
  private failure: FarmError | null = null;
  private stopped = true;
  private readonly policy: ReconnectPolicy;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setTimeout> | null = null;
  private snapshotTimer: ReturnType<typeof setTimeout> | null = null;
  private resyncTimer: ReturnType<typeof setInterval> | null = null;
  private staleSince = 0;

  constructor(
    private readonly hooks: SupervisorHooks,
    private readonly o: SupervisorOptions,
  ) {
    this.policy = new ReconnectPolicy(o.reconnect);
  }

  get session(): BambuSession | null {
    return this.current;
  }
  /** Increments with every new session: a start accepted on one generation is never sent on another. */
  get epoch(): number {
    return this.generation;
  }
  get connected(): boolean {
    return !!this.current?.connected;
  }
  get linkState(): LinkState {
    return this.state;
  }
  get linkMessage(): string | null {
    return this.message;
  }
  /** The last connection error (e.g. a BambuCertificateError carrying the fingerprint to offer for trust). */
  get lastError(): FarmError | null {
    return this.failure;
  }

  setLink(state: LinkState, message: string | null): void {
    const changed = state !== this.state || message !== this.message;
    this.state = state;
    this.message = message;
    if (changed || state === 'online') this.hooks.onLinkState(state, message);
  }

  /** Connect now. A no-op while a session is up or an attempt runs (one connection per printer). */
  async start(): Promise<ConnectFailure | null> {
    if (!this.stopped && (this.current || this.state === 'connecting')) return null;
    this.clearTimers();
    this.policy.succeeded();
    this.stopped = false;
    return this.attempt();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const session = this.current;
    this.current = null;
    if (session) this.hooks.onSessionGone(new FarmError('unavailable', 'Disconnected before the printer acknowledged the command.'));
    await session?.close();
    this.setLink('offline', null);
  }

  /** Every status report proves the session is alive. */
  reportArrived(): void {
    this.armWatchdog();
  }

  private async attempt(): Promise<ConnectFailure | null> {
    this.reconnectTimer = null;
    if (this.stopped) return null;
    this.setLink('connecting', this.message);
    let target = this.o.target;
    if (this.o.resolveEndpoint) {
      try {
        target = await this.o.resolveEndpoint();
      } catch (error) {
        const failure = { error: new FarmError('unavailable', `Virtual printer unavailable: ${(error as Error).message}`), permanent: false };
        this.scheduleReconnect(failure.error.message);
        return failure;
      }
    }
    const session: BambuSession = new BambuSession(this.hooks.endpoint(target), {
      onMessage: (payload) => {
        if (this.current === session) this.hooks.onMessage(payload);
      },
      onDown: (error) => {
        if (this.current !== session) return;
        this.current = null;
        this.clearWatchdog();
        this.hooks.onSessionGone(new FarmError('unavailable', 'The connection was lost before the printer acknowledged the command; it was not resent.'));
        this.hooks.terminal(error.message);
        this.scheduleReconnect(error.message);
      },
    });
    try {
      await session.open();
    } catch (caught) {
      const failure = caught as ConnectFailure;
      if (this.stopped) return null;
      this.failure = failure.error;
      if (failure.permanent) {
        // Wrong access code / untrusted certificate: retrying cannot help and would hammer the printer.
        this.setLink('error', failure.error.message);
        this.hooks.terminal(failure.error.message);
        return failure;
      }
      this.scheduleReconnect(failure.error.message);
      return failure;
    }
    if (this.stopped) {
      await session.close();
      return null;
    }
    this.current = session;
    this.generation += 1;
    this.failure = null;
    this.policy.succeeded();
    this.setLink('connecting', 'Connected; waiting for the first full report.');
    this.hooks.terminal(`Connected to ${target.host}:${target.port}`);
    this.hooks.onSessionUp(session);
    this.armWatchdog();
    this.armSnapshotRetry(session);
    if (this.o.resyncMs) {
      this.resyncTimer = setInterval(() => {
        if (this.current === session && this.state === 'online') this.hooks.requestSnapshot();
      }, this.o.resyncMs);
      this.resyncTimer.unref?.();
    }
    return null;
  }

  /**
   * A pushall can be lost (the printer's broker restarted, the request raced a resubscribe) while deltas keep
   * flowing and keep the watchdog quiet. Ask again until a snapshot arrives — P1P firmware dislikes frequent
   * pushall, so only while none has arrived on this session, and at most every few seconds.
   */
  private armSnapshotRetry(session: BambuSession): void {
    this.snapshotTimer = setTimeout(() => {
      this.snapshotTimer = null;
      if (this.current !== session || !this.hooks.needsSnapshot()) return;
      this.hooks.requestSnapshot();
      this.armSnapshotRetry(session);
    }, Math.min(this.o.watchdogMs, 10_000));
    this.snapshotTimer.unref?.();
  }

  private scheduleReconnect(reason: string): void {
    if (this.stopped || this.reconnectTimer) return;
    const decision = this.policy.failed();
    const seconds = Math.round(decision.delayMs / 1000);
    const message = decision.circuitOpen
      ? `${reason} Gave up after ${decision.attempt} attempts; trying again in ${Math.max(1, Math.round(seconds / 60))} min.`
      : `${reason} Reconnecting in ${seconds} s.`;
    this.setLink('offline', message);
    this.reconnectTimer = setTimeout(() => void this.attempt(), decision.delayMs);
    this.reconnectTimer.unref?.();
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
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.resyncTimer = null;
  }

  private armWatchdog(): void {
    if (this.watchdog) {
      this.watchdog.refresh(); // cheap: no new timer per report (500 printers × 2 Hz)
      return;
    }
    this.watchdog = setTimeout(() => this.onSilence(), this.o.watchdogMs);
    this.watchdog.unref?.();
  }

  /** No report for watchdogMs: show offline (not stale-as-printing), ask for a full report, then drop the session. */
  private onSilence(): void {
    this.watchdog = null;
    const session = this.current;
    if (!session) return;
    if (this.state !== 'stale') {
      this.staleSince = Date.now();
      this.setLink('stale', `No report from the printer for ${Math.round(this.o.watchdogMs / 1000)} s.`);
      this.hooks.onStale();
      this.armWatchdog();
      return;
    }
    // Still silent after another period: the session is dead even if TCP is not (P1 second-client stall).
    this.current = null;
    this.clearWatchdog();
    this.hooks.onSessionGone(new FarmError('unavailable', 'The printer stopped responding; the command was not resent.'));
    void session.close();
    this.scheduleReconnect(`No report from the printer since ${new Date(this.staleSince).toISOString()}.`);
  }
}
