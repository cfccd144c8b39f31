// How each printer state looks everywhere in this room: a word, an icon and a colour (colour is never the only signal).
import type { PrinterState } from '../../../../electron/shared/contract/printer-status.js';

export interface StateLook {
  word: string;
  icon: string;
  /** CSS modifier: printing blue, idle green, attention amber, error red, offline grey (UI.md). */
  tone: 'printing' | 'idle' | 'attention' | 'error' | 'offline';
}

const LOOKS: Record<PrinterState, StateLook> = {
  printing: { word: 'Printing', icon: '▶', tone: 'printing' },
  preparing: { word: 'Preparing', icon: '◔', tone: 'printing' },
  idle: { word: 'Idle', icon: '✓', tone: 'idle' },
  paused: { word: 'Paused', icon: '❚❚', tone: 'attention' },
  finished: { word: 'Finished — clear the plate', icon: '⚑', tone: 'attention' },
  failed: { word: 'Failed', icon: '✕', tone: 'error' },
  error: { word: 'Error', icon: '⚠', tone: 'error' },
  connecting: { word: 'Connecting', icon: '◌', tone: 'offline' },
  offline: { word: 'Offline', icon: '○', tone: 'offline' },
};

export function stateLook(state: PrinterState): StateLook {
  return LOOKS[state];
}

/** Minutes → "1 h 05 min" / "12 min". */
export function formatDuration(minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Finish clock time from minutes left, e.g. "14:35" (or "Thu 09:10" when it is not today). */
export function finishClock(minutesLeft: number, now = Date.now()): string {
  const at = new Date(now + minutesLeft * 60_000);
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return at.toDateString() === new Date(now).toDateString() ? time : `${at.toLocaleDateString([], { weekday: 'short' })} ${time}`;
}
