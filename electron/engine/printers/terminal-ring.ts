// Bounded ring of terminal lines per printer (10,000 by default): the newest lines win, memory stays fixed.
import type { TerminalLine } from '../drivers/driver.js';

export class TerminalRing {
  private readonly lines: Array<TerminalLine | undefined>;
  private next = 0;
  private size = 0;

  constructor(readonly capacity = 10_000) {
    this.lines = new Array(capacity);
  }

  push(line: TerminalLine): void {
    this.lines[this.next] = line;
    this.next = (this.next + 1) % this.capacity;
    if (this.size < this.capacity) this.size++;
  }

  /** The last `limit` lines, oldest first. */
  tail(limit = this.capacity): TerminalLine[] {
    const n = Math.min(limit, this.size);
    const out: TerminalLine[] = new Array(n);
    const start = (this.next - n + this.capacity) % this.capacity;
    for (let i = 0; i < n; i++) out[i] = this.lines[(start + i) % this.capacity] as TerminalLine;
    return out;
  }

  get length(): number {
    return this.size;
  }
}
