// A connection problem in words, with the one action that fixes it: trust a certificate, or enter a new access code.
import { useState } from 'react';
import type { PrinterSummary } from '../../../../electron/shared/contract/printers.js';
import { useFarmClient } from '../../lib/farm-hooks.js';
import { FeedbackLine } from './FeedbackLine.js';
import { useFeedback } from './use-feedback.js';

/** The Bambu driver's certificate error carries "SHA-256 <fingerprint>" (tls-gate.ts BambuCertificateError). */
export function certificateFingerprint(message: string | null): string | null {
  if (!message || !/certificate/i.test(message)) return null;
  const match = /SHA-256\s+([0-9A-F]{2}(?::[0-9A-F]{2}){15,})/i.exec(message);
  return match ? match[1] : null;
}

export function ConnectionProblem({ printer }: { printer: PrinterSummary }) {
  const client = useFarmClient();
  const { feedback, run, sending } = useFeedback();
  const [code, setCode] = useState('');
  const message = printer.status.message;
  if (!message || (printer.status.state !== 'error' && printer.status.state !== 'offline')) return null;
  // The Bambu driver may report the certificate as structured status (untrustedCertificate); older builds only in words.
  const cert = (printer.status as { untrustedCertificate?: { fingerprint256: string; subject: string; issuer: string; reason: string } | null }).untrustedCertificate ?? null;
  const fingerprint = printer.type === 'bambu' ? (cert?.fingerprint256 ?? certificateFingerprint(message)) : null;
  const accessRejected = printer.type === 'bambu' && /access code/i.test(message);

  return (
    <div className="problem" role="group" aria-label="Connection problem">
      {fingerprint ? (
        <>
          <p role="alert">
            Certificate not trusted: fingerprint <code className="fingerprint">{fingerprint}</code>. Trust it only if this is your printer
            (compare with the printer’s own screen or a previous connection).
          </p>
          {cert && (
            <p className="small muted">
              Reason: {cert.reason}. Subject: {cert.subject || '—'}. Issuer: {cert.issuer || '—'}.
            </p>
          )}
          <button type="button" disabled={sending} onClick={() => void run('Trust certificate', () => client.call('printers.trustCertificate', { id: printer.id, fingerprint }), () => 'Certificate trusted; reconnecting…')}>
            Trust this printer’s certificate
          </button>
        </>
      ) : accessRejected ? (
        <>
          <p role="alert">{/rejected/i.test(message) && !/^Access code rejected/i.test(message) ? 'Access code rejected. ' : ''}{message}</p>
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              void run('Save access code', () => client.call('printers.update', { id: printer.id, patch: { accessCode: code.trim() } }), () => 'Access code saved; reconnecting…');
            }}
          >
            <label htmlFor={`code-${printer.id}`}>New access code</label>
            <input id={`code-${printer.id}`} type="password" autoComplete="new-password" value={code} onChange={(e) => setCode(e.target.value)} />
            <button type="submit" disabled={sending || code.trim().length === 0}>Save access code</button>
          </form>
        </>
      ) : (
        <>
          <p role="alert">{message}</p>
          <button type="button" disabled={sending} onClick={() => void run('Reconnect', () => client.call('printers.connect', { id: printer.id }), () => 'Connected.')}>
            Reconnect
          </button>
        </>
      )}
      <FeedbackLine feedback={feedback} />
    </div>
  );
}
