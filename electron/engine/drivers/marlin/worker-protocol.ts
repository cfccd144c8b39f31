// Messages between the main thread and the sender worker (structured-clone plain objects only).
import type { SenderEvent, SenderOptions, SenderStats } from './sender.js';

export type ToWorker =
  | { t: 'open'; id: string; path: string; baud: number; opts: Partial<SenderOptions> }
  | { t: 'close'; id: string; req: number }
  | { t: 'command'; id: string; req: number; gcode: string }
  | { t: 'reset'; id: string; req: number }
  | { t: 'job'; id: string; req: number; name: string; path?: string; text?: string; startIndex: number }
  | { t: 'pause' | 'resume' | 'cancel' | 'dtr' | 'stats'; id: string; req: number }
  | { t: 'mode'; id: string; mode: SenderOptions['mode'] }
  | { t: 'emergency'; id: string; cmd: string };

export type FromWorker =
  | { t: 'reply'; id: string; req: number; ok: true; value?: unknown }
  | { t: 'reply'; id: string; req: number; ok: false; message: string }
  | { t: 'opened'; id: string }
  | { t: 'open-failed'; id: string; message: string }
  | { t: 'events'; id: string; events: SenderEvent[] };

export type { SenderStats };
