// Reads a printer's card identity (name, model, type, virtual) from the printers service; unknown ids get a placeholder.
import type { PrinterSummary } from '../../shared/contract/printers.js';
import type { PrinterIdentity } from './farm-card.js';

export function identityFrom(printers: { get(id: string): PrinterSummary }): (id: string) => PrinterIdentity {
  return (id) => {
    try {
      const p = printers.get(id);
      // Marlin configs have no model field; demo printers carry theirs as a tag (a real printer's tags are the user's).
      const model = p.model ?? (p.virtual ? (p.tags.find((t) => t !== 'demo') ?? null) : null);
      return { name: p.name, model, type: p.type, virtual: p.virtual };
    } catch {
      return { name: id, model: null, type: 'marlin', virtual: false }; // removed between the change and the push
    }
  };
}
