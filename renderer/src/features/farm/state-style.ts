// State word, icon and colour per printer state (UI.md): colour is never the only signal.
import type { PrinterState } from '../../../../electron/shared/contract/printer-status.js';

export interface StateStyle {
  word: string;
  icon: string;
  color: string; // CSS variable
}

export const STATE_STYLE: Record<PrinterState, StateStyle> = {
  printing: { word: 'Printing', icon: '▶', color: 'var(--state-printing)' },
  preparing: { word: 'Heating', icon: '♨', color: 'var(--state-printing)' },
  idle: { word: 'Ready', icon: '✓', color: 'var(--state-idle)' },
  paused: { word: 'Paused', icon: '❚❚', color: 'var(--state-attention)' },
  finished: { word: 'Plate to clear', icon: '⚑', color: 'var(--state-attention)' },
  failed: { word: 'Failed', icon: '✕', color: 'var(--state-error)' },
  error: { word: 'Error', icon: '⚠', color: 'var(--state-error)' },
  offline: { word: 'Offline', icon: '○', color: 'var(--state-offline)' },
  connecting: { word: 'Connecting', icon: '◌', color: 'var(--state-offline)' },
};

/** States where the printer waits for a person (the "Needs you" strip). */
export function needsPerson(state: PrinterState): boolean {
  return state === 'paused' || state === 'finished' || state === 'failed' || state === 'error';
}

export type FilterKey = 'all' | 'printing' | 'idle' | 'attention' | 'offline';

export function filterGroup(state: PrinterState): Exclude<FilterKey, 'all'> {
  if (state === 'printing' || state === 'preparing') return 'printing';
  if (state === 'idle') return 'idle';
  if (state === 'offline' || state === 'connecting') return 'offline';
  return 'attention';
}
