// Counts printers by the groups the top bar shows (colour groups from UI.md).
import type { PrinterState } from '../../../electron/shared/contract/printer-status.js';

export type StateGroup = 'printing' | 'idle' | 'attention' | 'offline';

export function stateGroup(state: PrinterState): StateGroup {
  switch (state) {
    case 'printing':
    case 'preparing':
      return 'printing';
    case 'idle':
      return 'idle';
    case 'offline':
    case 'connecting':
      return 'offline';
    default:
      return 'attention'; // paused, finished (plate to clear), failed, error
  }
}

export function summarizeStates(printers: Array<{ status: { state: PrinterState } }>): Record<StateGroup, number> {
  const counts: Record<StateGroup, number> = { printing: 0, idle: 0, attention: 0, offline: 0 };
  for (const p of printers) counts[stateGroup(p.status.state)]++;
  return counts;
}
