// TLS to a Bambu printer: verify chain + CN == serial, or an explicitly pinned fingerprint, BEFORE any byte is sent.
import { Duplex } from 'node:stream';
import tls from 'node:tls';
import { FarmError } from '../../../shared/contract/envelope.js';

/**
 * The printer's certificate did not verify against the Bambu CA (or its CN is not the serial).
 * Carries the certificate's SHA-256 fingerprint so the UI can offer an explicit
 * "trust this printer's certificate" choice, which pins exactly this fingerprint.
 */
export class BambuCertificateError extends FarmError {
  constructor(
    readonly fingerprint256: string,
    readonly subject: string,
    readonly issuer: string,
    readonly reason: string,
  ) {
    super(
      'rejected',
      `The printer's certificate could not be verified (${reason}). Certificate SHA-256 ${fingerprint256}, subject ${subject}. ` +
        'Trust it only if this is your printer.',
    );
    this.name = 'BambuCertificateError';
  }
}

export interface BambuTlsTarget {
  host: string;
  port: number;
  /** Printer serial: the certificate CN, sent as SNI (the certificate has no IP SAN). */
  serial: string;
  /** CA certificates (PEM) that sign genuine printer certificates. */
  ca: string[];
  /** A fingerprint the user explicitly chose to trust; compared case-insensitively, colons optional. */
  trustedFingerprint?: string | null;
  connectTimeoutMs?: number;
}

export function normalizeFingerprint(value: string): string {
  return value.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
}

export interface PeerCertificateInfo {
  fingerprint256: string;
  subject: string;
  issuer: string;
  validTo: string;
  /** True when the chain verifies against the CA bundle and CN == serial. */
  verified: boolean;
  verifyError: string | null;
}

function describeCert(socket: tls.TLSSocket): PeerCertificateInfo {
  const cert = socket.getPeerCertificate();
  const name = (o: tls.Certificate | undefined) => (o ? Object.entries(o).map(([k, v]) => `${k}=${String(v)}`).join(', ') : '');
  return {
    fingerprint256: cert?.fingerprint256 ?? '',
    subject: name(cert?.subject),
    issuer: name(cert?.issuer),
    validTo: cert?.valid_to ?? '',
    verified: socket.authorized,
    verifyError: socket.authorized ? null : String(socket.authorizationError ?? 'unknown'),
  };
}

/** The decision, separate from I/O so it is testable: verified chain, or an exact pin match. */
export function certificateAccepted(info: PeerCertificateInfo, trustedFingerprint?: string | null): boolean {
  if (info.verified) return true;
  return !!trustedFingerprint && normalizeFingerprint(trustedFingerprint) === normalizeFingerprint(info.fingerprint256);
}

/**
 * A duplex for MQTT.js (its StreamBuilder) that holds every write — the CONNECT packet carries the
 * access code — until the handshake is done and the certificate accepted. Node still verifies the chain
 * and runs checkServerIdentity (against servername = serial) with rejectUnauthorized off: we read the
 * result from `socket.authorized` and decide ourselves, because a rejected handshake would give us no
 * certificate to show, and a pin needs the fingerprint. Nothing is sent to a server that fails both.
 */
export function openGatedTlsStream(target: BambuTlsTarget, onRejected: (error: BambuCertificateError) => void): Duplex {
  const pending: Array<{ chunk: Buffer; callback: (error?: Error | null) => void }> = [];
  let accepted = false;
  const socket = tls.connect({
    host: target.host,
    port: target.port,
    servername: target.serial,
    ca: target.ca,
    rejectUnauthorized: false, // decided in 'secureConnect' below — see the comment above
    minVersion: 'TLSv1.2',
  });
  const duplex = new Duplex({
    write(chunk: Buffer, _encoding, callback) {
      if (accepted) socket.write(chunk, callback);
      else pending.push({ chunk, callback });
    },
    read() {
      socket.resume();
    },
    destroy(error, callback) {
      socket.destroy();
      for (const p of pending.splice(0)) p.callback(error ?? new Error('closed'));
      callback(error);
    },
    final(callback) {
      socket.end(callback);
    },
  });
  const timeout = setTimeout(() => duplex.destroy(new FarmError('timeout', `No TLS handshake from ${target.host}:${target.port}.`)), target.connectTimeoutMs ?? 10_000);
  socket.once('secureConnect', () => {
    clearTimeout(timeout);
    const info = describeCert(socket);
    if (!certificateAccepted(info, target.trustedFingerprint)) {
      const error = new BambuCertificateError(info.fingerprint256, info.subject, info.issuer, info.verifyError ?? 'not trusted');
      onRejected(error);
      duplex.destroy(error);
      return;
    }
    accepted = true;
    for (const p of pending.splice(0)) socket.write(p.chunk, p.callback);
  });
  socket.on('data', (data: Buffer) => {
    if (!duplex.push(data)) socket.pause();
  });
  socket.once('end', () => duplex.push(null));
  socket.once('error', (error) => {
    clearTimeout(timeout);
    duplex.destroy(error);
  });
  socket.once('close', () => {
    clearTimeout(timeout);
    if (!duplex.destroyed) duplex.destroy();
  });
  return duplex;
}

/** Handshake only (no credentials sent) to read the certificate: the "trust this printer?" dialog uses it. */
export function probeCertificate(target: Omit<BambuTlsTarget, 'trustedFingerprint'>): Promise<PeerCertificateInfo> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: target.host, port: target.port, servername: target.serial, ca: target.ca, rejectUnauthorized: false });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new FarmError('timeout', `No TLS handshake from ${target.host}:${target.port}.`));
    }, target.connectTimeoutMs ?? 10_000);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const info = describeCert(socket);
      socket.destroy();
      resolve(info);
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(new FarmError('unavailable', `Cannot reach ${target.host}:${target.port}: ${error.message}`));
    });
  });
}
