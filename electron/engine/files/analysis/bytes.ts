// Allocation-free helpers for parsing G-code straight out of Buffers (the hot path avoids strings and regex).

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18];

/** Where the last parseNumber stopped (module-level to avoid returning tuples in the hot path). */
export let numberEnd = 0;

/**
 * Parse a decimal number (`-12.345`, `+.5`, `7`) at buf[pos..end). G-code has no exponents, so `e`/`E` ends the number
 * (it is the extruder word in `X1E2`). Returns NaN when there are no digits. Sets `numberEnd`.
 */
export function parseNumber(buf: Uint8Array, pos: number, end: number): number {
  let i = pos;
  let negative = false;
  let c = i < end ? buf[i] : 0;
  if (c === 45 /* - */ || c === 43 /* + */) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let any = false;
  while (i < end) {
    c = buf[i];
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      if (digits < 17) {
        mantissa = mantissa * 10 + d;
        digits++;
      } else scale--; // beyond double precision: drop the digit but keep magnitude
      any = true;
      i++;
    } else break;
  }
  if (i < end && buf[i] === 46 /* . */) {
    i++;
    while (i < end) {
      c = buf[i];
      const d = c - 48;
      if (d >= 0 && d <= 9) {
        if (digits < 17) {
          mantissa = mantissa * 10 + d;
          digits++;
          scale++;
        }
        any = true;
        i++;
      } else break;
    }
  }
  numberEnd = i;
  if (!any) return NaN;
  let value: number;
  if (scale > 0) value = scale < POW10.length ? mantissa / POW10[scale] : mantissa / Math.pow(10, scale);
  else if (scale < 0) value = mantissa * Math.pow(10, -scale);
  else value = mantissa;
  return negative ? -value : value;
}

/** Unsigned integer at pos (command numbers like G1, M204, T3); -1 when none. Sets `numberEnd`. */
export function parseUint(buf: Uint8Array, pos: number, end: number): number {
  let i = pos;
  let value = 0;
  let any = false;
  while (i < end) {
    const d = buf[i] - 48;
    if (d < 0 || d > 9) break;
    value = value * 10 + d;
    any = true;
    i++;
  }
  numberEnd = i;
  return any ? value : -1;
}

/** Encode an ASCII literal once so prefix checks compare bytes, not strings. */
export function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** buf[pos..end) starts with `prefix` (exact bytes). */
export function startsWith(buf: Uint8Array, pos: number, end: number, prefix: Uint8Array): boolean {
  const n = prefix.length;
  if (end - pos < n) return false;
  for (let i = 0; i < n; i++) if (buf[pos + i] !== prefix[i]) return false;
  return true;
}

/** Skip spaces and tabs. */
export function skipBlanks(buf: Uint8Array, pos: number, end: number): number {
  while (pos < end) {
    const c = buf[pos];
    if (c !== 32 && c !== 9) break;
    pos++;
  }
  return pos;
}

/** Trim trailing CR/blanks, returning the new end. */
export function trimEnd(buf: Uint8Array, pos: number, end: number): number {
  while (end > pos) {
    const c = buf[end - 1];
    if (c !== 13 && c !== 32 && c !== 9) break;
    end--;
  }
  return end;
}

/** Latin-1 decode of a short range (comments, metadata values). */
export function latin1(buf: Buffer, pos: number, end: number): string {
  return buf.toString('latin1', pos, end);
}
