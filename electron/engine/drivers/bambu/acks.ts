// Match command acknowledgements on the report topic to their requests by sequence_id, with a timeout.
import { FarmError } from '../../../shared/contract/envelope.js';

export interface CommandAck {
  command: string;
  sequenceId: string;
  ok: boolean;
  reason: string;
  body: Record<string, unknown>;
}

interface Waiter {
  command: string;
  resolve(ack: CommandAck): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

export class AckTracker {
  private counter: number;
  private readonly waiters = new Map<string, Waiter>();

  /** Start away from 0: pybambu and the slicer send "0", and their acks must not resolve our waiters. */
  constructor(start = 1000 + Math.floor(Math.random() * 1000)) {
    this.counter = start;
  }

  nextSequenceId(): string {
    this.counter = this.counter >= 2_000_000_000 ? 1000 : this.counter + 1;
    return String(this.counter);
  }

  /** Wait for the ack of `command` sent with `sequenceId`; rejects on timeout or failure result. */
  wait(sequenceId: string, command: string, timeoutMs: number): Promise<CommandAck> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(sequenceId);
        reject(new FarmError('timeout', `The printer did not acknowledge '${command}' within ${Math.round(timeoutMs / 1000)} s.`));
      }, timeoutMs);
      this.waiters.set(sequenceId, { command, resolve, reject, timer });
    });
  }

  /** Returns true when the ack belonged to one of our requests. */
  settle(ack: CommandAck): boolean {
    const waiter = this.waiters.get(ack.sequenceId);
    // The same sequence_id with a different command is someone else's request (another client, the screen).
    if (!waiter || waiter.command !== ack.command) return false;
    this.waiters.delete(ack.sequenceId);
    clearTimeout(waiter.timer);
    if (ack.ok) waiter.resolve(ack);
    else waiter.reject(new FarmError('rejected', `The printer refused '${ack.command}'${ack.reason ? `: ${ack.reason}` : '.'}`));
    return true;
  }

  /** Forget a waiter whose request never left (publish failed); its promise is rejected with `error`. */
  cancel(sequenceId: string, error: Error): void {
    const waiter = this.waiters.get(sequenceId);
    if (!waiter) return;
    clearTimeout(waiter.timer);
    this.waiters.delete(sequenceId);
    waiter.reject(error);
  }

  /** Connection lost: nothing in flight will be acknowledged on this connection, and nothing is resent. */
  rejectAll(error: Error): void {
    for (const [id, waiter] of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
      this.waiters.delete(id);
    }
  }

  get pending(): number {
    return this.waiters.size;
  }
}
