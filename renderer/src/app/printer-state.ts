// How a printer state looks everywhere in the app (UI.md): a word, an icon and a colour — colour is never the
// only signal — and the groups the top bar and the Farm filters count.
import type { PrinterState } from '../../../electron/shared/contract/printer-status.js';

/** printing blue, idle green, waiting for a person amber, error red, offline grey. */
export type StateTone = 'printing' | 'idle' | 'attention' | 'error' | 'offline';

export interface StateLook {
  word: string;
  icon: string;
  tone: StateTone;
  /** The tone's CSS variable, for inline colours. */
  color: string;
}

const look = (word: string, icon: string, tone: StateTone): StateLook => ({ word, icon, tone, color: `var(--state-${tone})` });

export const STATE_LOOK: Record<PrinterState, StateLook> = {
  printing: look('Printing', '▶', 'printing'),
  preparing: look('Preparing', '♨', 'printing'),
  idle: look('Ready', '✓', 'idle'),
  paused: look('Paused', '❚❚', 'attention'),
  finished: look('Plate to clear', '⚑', 'attention'),
  failed: look('Failed', '✕', 'error'),
  error: look('Error', '⚠', 'error'),
  offline: look('Offline', '○', 'offline'),
  connecting: look('Connecting', '◌', 'offline'),
};

export function stateLook(state: PrinterState): StateLook {
  return STATE_LOOK[state];
}

/** The four groups of the top bar's summary and the Farm filters. */
export type StateGroup = 'printing' | 'idle' | 'attention' | 'offline';

export function stateGroup(state: PrinterState): StateGroup {
  if (state === 'printing' || state === 'preparing') return 'printing';
  if (state === 'idle') return 'idle';
  if (state === 'offline' || state === 'connecting') return 'offline';
  return 'attention'; // paused, finished (plate to clear), failed, error
}

/** States where the printer waits for a person (the "Needs you" strip). */
export function needsPerson(state: PrinterState): boolean {
  return state === 'paused' || state === 'finished' || state === 'failed' || state === 'error';
}
