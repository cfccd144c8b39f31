// State word + icon + colour for one printer.
import type { PrinterState } from '../../../../electron/shared/contract/printer-status.js';
import { stateLook } from './state-look.js';

export function StateBadge({ state }: { state: PrinterState }) {
  const look = stateLook(state);
  return (
    <span className={`state state--${look.tone}`} data-state={state}>
      <span aria-hidden="true" className="state__icon">{look.icon}</span>
      {look.word}
    </span>
  );
}

export function VirtualLabel() {
  return <span className="virtual-label" title="A simulated printer (demo or test), not real hardware">Virtual</span>;
}
