// Upload a file to a Bambu printer's SD card over implicit FTPS (port 990) with TLS session reuse (basic-ftp).
import type { Readable } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { Client } from 'basic-ftp';
import { FarmError } from '../../../shared/contract/envelope.js';
import { BambuCertificateError, certificateAccepted } from './tls-gate.js';

export interface FtpsTarget {
  host: string;
  port: number; // 990 on real printers
  serial: string;
  accessCode: string;
  ca: string[];
  trustedFingerprint?: string | null;
  timeoutMs?: number;
}

export interface UploadProgress {
  bytes: number;
  totalBytes: number | null;
}

/** Remote names go to the SD root: no paths, no control characters. */
export function safeRemoteName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  if (!base || base.length > 200 || /[\x00-\x1f]/.test(base) || base === '.' || base === '..') {
    throw new FarmError('invalid-input', `'${name}' is not a usable file name on the printer.`);
  }
  return base;
}

/**
 * basic-ftp 6.2.6 reuses the control connection's TLS session for data connections, which the printer
 * requires ("522 SSL connection failed: session reuse required"). The control channel is connected first
 * WITHOUT logging in, the certificate is checked like the MQTT one, and only then is the access code sent.
 */
export async function uploadToPrinter(
  target: FtpsTarget,
  source: string | Readable,
  remoteName: string,
  totalBytes: number | null,
  onProgress?: (progress: UploadProgress) => void,
): Promise<void> {
  const name = safeRemoteName(remoteName);
  const client = new Client(target.timeoutMs ?? 30_000);
  try {
    await client.connectImplicitTLS(target.host, target.port, {
      servername: target.serial,
      ca: target.ca,
      rejectUnauthorized: false, // checked below, before any credential is sent
      minVersion: 'TLSv1.2',
    });
    const socket = client.ftp.socket as TLSSocket;
    const cert = socket.getPeerCertificate();
    const info = {
      fingerprint256: cert?.fingerprint256 ?? '',
      subject: JSON.stringify(cert?.subject ?? {}),
      issuer: JSON.stringify(cert?.issuer ?? {}),
      validTo: cert?.valid_to ?? '',
      verified: socket.authorized,
      verifyError: socket.authorized ? null : String(socket.authorizationError),
    };
    if (!certificateAccepted(info, target.trustedFingerprint)) {
      throw new BambuCertificateError(info.fingerprint256, info.subject, info.issuer, info.verifyError ?? 'not trusted');
    }
    await client.login('bblp', target.accessCode).catch((error: unknown) => {
      throw new FarmError('rejected', `Access code rejected by the printer's file server: ${(error as Error).message}`);
    });
    await client.useDefaultSettings();
    if (onProgress) client.trackProgress((info) => onProgress({ bytes: info.bytesOverall, totalBytes }));
    await client.uploadFrom(source, name);
    client.trackProgress();
  } catch (error) {
    if (error instanceof FarmError) throw error;
    throw new FarmError('unavailable', `Upload to printer ${target.serial} failed: ${(error as Error).message}`);
  } finally {
    client.close();
  }
}
