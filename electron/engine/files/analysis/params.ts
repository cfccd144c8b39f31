// Parameter words of one G-code line ("X1.2 Y3 E.5 F1800") parsed into fixed A–Z slots, reused across lines.
import { numberEnd, parseNumber } from './bytes.js';

const slot = (c: string): number => c.charCodeAt(0) - 65;
export const PX = slot('X'), PY = slot('Y'), PZ = slot('Z'), PE = slot('E'), PF = slot('F');
export const PS = slot('S'), PP = slot('P'), PR = slot('R'), PT = slot('T'), PI = slot('I'), PJ = slot('J');
export const PB = slot('B'), PL = slot('L');

export class Params {
  readonly v = new Float64Array(26);
  private readonly seen = new Int32Array(26);
  private gen = 0;

  /** Parse from buf[p..end) up to ';' or '*'; quoted strings (M486 A"name") are skipped. */
  parse(buf: Buffer, p: number, end: number): this {
    const gen = ++this.gen;
    const v = this.v;
    const seen = this.seen;
    while (p < end) {
      const c = buf[p];
      if (c === 59 || c === 42) break;
      if (c === 34) {
        p++;
        while (p < end && buf[p] !== 34) p++;
        p++;
        continue;
      }
      const u = (c & 0xdf) - 65;
      if (u >= 0 && u < 26) {
        const value = parseNumber(buf, p + 1, end);
        v[u] = value === Infinity || value === -Infinity ? NaN : value; // absurd literals are ignored
        seen[u] = gen;
        p = numberEnd > p + 1 ? numberEnd : p + 1;
      } else p++;
    }
    return this;
  }

  /** The letter appeared (possibly without a number). */
  has(s: number): boolean {
    return this.seen[s] === this.gen;
  }

  /** The letter's number, or NaN when absent or without a number. */
  num(s: number): number {
    return this.seen[s] === this.gen ? this.v[s] : NaN;
  }

  /** Present with a number > 0 (most firmware settings ignore 0/negative). */
  positive(s: number): boolean {
    return this.seen[s] === this.gen && this.v[s] > 0;
  }
}
