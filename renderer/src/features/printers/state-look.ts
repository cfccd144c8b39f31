// The Printers room's helpers for states and times; the state look itself is app-wide (app/printer-state.ts).
export { stateLook, type StateLook } from '../../app/printer-state.js';

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
