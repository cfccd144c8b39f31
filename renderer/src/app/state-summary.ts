// The state groups the top bar counts (colour groups from UI.md).
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
