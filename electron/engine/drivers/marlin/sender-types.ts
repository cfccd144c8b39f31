// Public types of the Marlin sender (options, progress, stats, events), shared by the sender, its process host,
// the driver and the CLI.

export interface SenderOptions {
  mode: 'windowed' | 'ping-pong';
  /** Firmware RX ring size; the plain window keeps unacknowledged bytes ≤ size − 1. */
  rxBufferSize: number;
  /** Lines kept for resends. */
  historySize: number;
  /** No line from the firmware for this long with lines in flight (and none long-running) → force an ok with M105. */
  okTimeoutMs: number;
  /** Consecutive timeouts before the port is declared unresponsive. */
  maxTimeouts: number;
  /** Resend ratio that raises the bad-cable alarm. */
  resendAlarmRatio: number;
  /** Link baud rate: sizes the quiet period after a resend request. */
  baud: number;
}

export const DEFAULT_SENDER_OPTIONS: SenderOptions = {
  mode: 'windowed',
  rxBufferSize: 128,
  historySize: 1024,
  okTimeoutMs: 5000,
  maxTimeouts: 5,
  resendAlarmRatio: 0.1,
  baud: 115200,
};

export interface JobProgressInfo {
  name: string;
  total: number; // commands
  acked: number; // commands acknowledged
  lastAckedLine: number | null; // source line number
  filePosition: number; // bytes
  totalBytes: number;
  paused: boolean;
  /** 1-based layer of the last acknowledged line (from ;LAYER_CHANGE markers); null when the file has none. */
  layer: number | null;
  totalLayers: number | null;
}

export interface SenderStats {
  linesSent: number; // distinct numbered lines
  linesResent: number;
  resends: number; // honoured resend requests
  duplicateResendsIgnored: number;
  errors: number; // firmware Error: lines
  timeouts: number;
  bytesWritten: number;
  writes: number;
  advancedOk: boolean;
}

export type SenderEvent =
  | { type: 'line'; text: string } // every firmware line except plain acks
  | { type: 'sent'; text: string } // commands (not job lines) as written
  | { type: 'progress'; progress: JobProgressInfo; stats?: SenderStats }
  | { type: 'job-done'; progress: JobProgressInfo; stats: SenderStats }
  | { type: 'job-interrupted'; progress: JobProgressInfo; reason: string }
  | { type: 'alarm'; code: 'resend-ratio' | 'resend-loop' | 'timeout' | 'unresponsive' | 'no-history' | 'halted' | 'reset'; message: string }
  | { type: 'closed'; reason: string };

/** Layer number (1-based) containing command index i, by binary search over layer starts. */
export function layerOf(layerStarts: number[], i: number): number | null {
  if (layerStarts.length === 0 || i < layerStarts[0]) return null;
  let lo = 0;
  let hi = layerStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (layerStarts[mid] <= i) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
