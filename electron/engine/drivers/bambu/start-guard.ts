// Start-print safety: idempotency key + expiry, and never send a start across a reconnect (Aug 2023 Bambu outage).
import { FarmError } from '../../../shared/contract/envelope.js';

export interface StartTicket {
  idempotencyKey: string;
  expiresAt: number;
  /** The connection generation the start was accepted on; a different generation at send time = rejected. */
  epoch: number;
}

const REMEMBERED_KEYS = 1000;

export class StartPrintGuard {
  /** Keys already accepted (sent or failed): a key is usable once, ever, for this printer. */
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  admit(idempotencyKey: string, expiresAt: number, epoch: number, connected: boolean): StartTicket {
    if (!idempotencyKey || idempotencyKey.length > 128) throw new FarmError('invalid-input', 'A start needs an idempotency key (1–128 characters).');
    if (this.seen.has(idempotencyKey)) throw new FarmError('conflict', 'This start was already submitted; it is never sent twice.');
    if (!Number.isFinite(expiresAt) || expiresAt <= this.now()) throw new FarmError('rejected', 'The start request has expired; confirm the plate is clear and start again.');
    if (!connected) throw new FarmError('unavailable', 'The printer is not connected; a start is never queued for later.');
    this.seen.set(idempotencyKey, this.now());
    if (this.seen.size > REMEMBERED_KEYS) this.seen.delete(this.seen.keys().next().value!);
    return { idempotencyKey, expiresAt, epoch };
  }

  /** Called right before project_file is published (after the upload, which can take minutes). */
  checkBeforeSend(ticket: StartTicket, epoch: number, connected: boolean): void {
    if (!connected || epoch !== ticket.epoch) {
      throw new FarmError(
        'unavailable',
        'The connection to the printer was lost before the print was started. The start was not sent and will not be retried; check the plate and start again.',
      );
    }
    if (ticket.expiresAt <= this.now()) throw new FarmError('rejected', 'The start request expired before it could be sent; nothing was started.');
  }
}
