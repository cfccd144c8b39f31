// Faults in words (HMS codes, print errors, thermal runaway) with their severity.
import type { PrinterFault } from '../../../../../electron/shared/contract/printer-status.js';

const SEVERITY: Record<PrinterFault['severity'], string> = { fatal: 'Fatal', serious: 'Serious', common: 'Warning', info: 'Info' };

export function FaultsPanel({ faults }: { faults: PrinterFault[] }) {
  if (!faults.length) return null;
  return (
    <section className="panel faults" aria-labelledby="faults-heading">
      <h2 id="faults-heading">Faults</h2>
      <ul>
        {faults.map((f) => (
          <li key={f.code} className={`fault fault--${f.severity}`}>
            <strong>{SEVERITY[f.severity]}:</strong> {f.message} <span className="muted mono small">({f.code})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
