// One MQTT session with one Bambu printer: a FRESH client per attempt, so nothing queued on a dead session is replayed.
import net from 'node:net';
import { MqttClient, type IClientOptions } from 'mqtt';
import { FarmError } from '../../../shared/contract/envelope.js';
import { BambuCertificateError, openGatedTlsStream } from './tls-gate.js';

export interface BambuEndpoint {
  host: string;
  port: number;
  serial: string;
  accessCode: string;
  /** 'tls' for real printers; 'tcp' only for virtual printers on a local broker (demo mode, benchmarks). */
  transport: 'tls' | 'tcp';
  ca: string[];
  trustedFingerprint?: string | null;
  clientId: string;
  connectTimeoutMs?: number;
  keepaliveSeconds?: number;
}

/** Why a connection attempt failed, and whether retrying without user action can help. */
export interface ConnectFailure {
  error: FarmError;
  /** Wrong access code or untrusted certificate: retrying cannot fix it. */
  permanent: boolean;
}

export interface SessionHandlers {
  onMessage(payload: Buffer): void;
  /** The session ended after it was up (not called for failed attempts). */
  onDown(error: FarmError): void;
}

export const reportTopic = (serial: string) => `device/${serial}/report`;
export const requestTopic = (serial: string) => `device/${serial}/request`;

function classifyFailure(error: unknown, endpoint: BambuEndpoint): ConnectFailure {
  if (error instanceof BambuCertificateError) return { error, permanent: true };
  if (error instanceof FarmError) return { error, permanent: false };
  const code = (error as { code?: unknown }).code;
  // CONNACK 4 = bad user name or password, 5 = not authorized (Mosquitto and the printer use 5).
  if (code === 4 || code === 5) {
    return {
      error: new FarmError('rejected', `Access code rejected by printer ${endpoint.serial}. Check the LAN access code on the printer's screen.`),
      permanent: true,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: new FarmError('unavailable', `Cannot reach printer ${endpoint.serial} at ${endpoint.host}:${endpoint.port}: ${message}`), permanent: false };
}

export class BambuSession {
  private client: MqttClient | null = null;
  private up = false;
  private onSessionClose: (() => void) | null = null;

  constructor(
    private readonly endpoint: BambuEndpoint,
    private readonly handlers: SessionHandlers,
  ) {}

  get connected(): boolean {
    return this.up && !!this.client?.connected;
  }

  /** Connect and subscribe; rejects with a ConnectFailure. */
  open(): Promise<void> {
    const e = this.endpoint;
    let certificateError: BambuCertificateError | null = null;
    const streamBuilder = () =>
      e.transport === 'tls'
        ? openGatedTlsStream(
            { host: e.host, port: e.port, serial: e.serial, ca: e.ca, trustedFingerprint: e.trustedFingerprint, connectTimeoutMs: e.connectTimeoutMs },
            (err) => (certificateError = err),
          )
        : net.connect({ host: e.host, port: e.port });
    const options: IClientOptions = {
      protocolVersion: 4, // MQTT 3.1.1: the printer broker speaks nothing else
      clean: true,
      clientId: e.clientId,
      username: 'bblp',
      password: e.accessCode,
      keepalive: e.keepaliveSeconds ?? 20,
      reconnectPeriod: 0, // the driver reconnects, with a new session (see header)
      connectTimeout: e.connectTimeoutMs ?? 10_000,
      queueQoSZero: false,
    };
    const client = new MqttClient(streamBuilder, options);
    this.client = client;
    client.on('message', (_topic, payload) => this.handlers.onMessage(payload));

    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        client.end(true);
        reject(classifyFailure(certificateError ?? error, e));
      };
      // Only our own listeners are ever removed: MQTT.js keeps internal 'close' handlers (keepalive, timers).
      const onHandshakeError = (error: unknown) => fail(error); // may fire twice (CONNACK refusal, then the stream)
      const onHandshakeClose = () => fail(new Error('connection closed during handshake'));
      client.on('error', onHandshakeError);
      client.on('close', onHandshakeClose);
      client.once('connect', () => {
        client.subscribe(reportTopic(e.serial), { qos: 0 }, (error, granted) => {
          if (error || !granted || granted.some((g) => g.qos === 128)) return fail(error ?? new FarmError('rejected', 'The printer refused the report subscription.'));
          if (settled) return;
          settled = true;
          client.off('error', onHandshakeError);
          client.off('close', onHandshakeClose);
          this.up = true;
          client.on('error', () => undefined); // surfaced through 'close' below
          this.onSessionClose = () => {
            const wasUp = this.up;
            this.up = false;
            // Nothing may linger on a dead session (stores, keepalive): the next attempt uses a new client.
            client.end(true);
            if (wasUp) this.handlers.onDown(new FarmError('unavailable', `Connection to printer ${e.serial} lost.`));
          };
          client.once('close', this.onSessionClose);
          resolve();
        });
      });
    });
  }

  /** Publish at QoS 1 (the printer ignores QoS 0 requests while busy). Resolves on PUBACK. */
  publish(payload: string): Promise<void> {
    const client = this.client;
    if (!client || !this.connected) return Promise.reject(new FarmError('unavailable', `Printer ${this.endpoint.serial} is not connected.`));
    return new Promise((resolve, reject) => {
      client.publish(requestTopic(this.endpoint.serial), payload, { qos: 1 }, (error) =>
        error ? reject(new FarmError('unavailable', `Sending to printer ${this.endpoint.serial} failed: ${error.message}`)) : resolve(),
      );
    });
  }

  /** Close without replaying anything: the client and its outgoing store are thrown away. */
  close(): Promise<void> {
    const client = this.client;
    this.up = false;
    this.client = null;
    if (!client) return Promise.resolve();
    if (this.onSessionClose) client.off('close', this.onSessionClose);
    this.onSessionClose = null;
    return new Promise((resolve) => client.end(true, {}, () => resolve()));
  }
}
