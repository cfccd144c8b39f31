// QOI ("Quite OK Image") decoder for PrusaSlicer/Prusa-firmware `thumbnail_QOI` blocks; output is RGBA8.

const QOI_OP_INDEX = 0x00;
const QOI_OP_DIFF = 0x40;
const QOI_OP_LUMA = 0x80;
const QOI_OP_RUN = 0xc0;
const QOI_OP_RGB = 0xfe;
const QOI_OP_RGBA = 0xff;
const MAX_PIXELS = 4096 * 4096;

export function decodeQoi(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  if (bytes.length < 22 || bytes[0] !== 0x71 || bytes[1] !== 0x6f || bytes[2] !== 0x69 || bytes[3] !== 0x66) {
    throw new Error('not a QOI image (missing "qoif" magic)');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(4);
  const height = view.getUint32(8);
  if (width === 0 || height === 0 || width * height > MAX_PIXELS) throw new Error(`QOI size ${width}x${height} out of range`);
  const out = new Uint8Array(width * height * 4);
  const index = new Uint8Array(64 * 4);
  let r = 0;
  let g = 0;
  let b = 0;
  let a = 255;
  let p = 14;
  const end = bytes.length - 8; // 8-byte end marker
  let run = 0;
  for (let o = 0; o < out.length; o += 4) {
    if (run > 0) run--;
    else if (p < end) {
      const b1 = bytes[p++];
      if (b1 === QOI_OP_RGB) {
        r = bytes[p++];
        g = bytes[p++];
        b = bytes[p++];
      } else if (b1 === QOI_OP_RGBA) {
        r = bytes[p++];
        g = bytes[p++];
        b = bytes[p++];
        a = bytes[p++];
      } else {
        const tag = b1 & 0xc0;
        if (tag === QOI_OP_INDEX) {
          const i = b1 * 4;
          r = index[i];
          g = index[i + 1];
          b = index[i + 2];
          a = index[i + 3];
        } else if (tag === QOI_OP_DIFF) {
          r = (r + ((b1 >> 4) & 3) - 2) & 255;
          g = (g + ((b1 >> 2) & 3) - 2) & 255;
          b = (b + (b1 & 3) - 2) & 255;
        } else if (tag === QOI_OP_LUMA) {
          const b2 = bytes[p++];
          const vg = (b1 & 0x3f) - 32;
          r = (r + vg - 8 + ((b2 >> 4) & 0x0f)) & 255;
          g = (g + vg) & 255;
          b = (b + vg - 8 + (b2 & 0x0f)) & 255;
        } else if (tag === QOI_OP_RUN) {
          run = b1 & 0x3f;
        }
      }
      const h = ((r * 3 + g * 5 + b * 7 + a * 11) % 64) * 4;
      index[h] = r;
      index[h + 1] = g;
      index[h + 2] = b;
      index[h + 3] = a;
    } else throw new Error('QOI data ends before all pixels are decoded');
    out[o] = r;
    out[o + 1] = g;
    out[o + 2] = b;
    out[o + 3] = a;
  }
  return { width, height, rgba: out };
}

/** Minimal QOI encoder (RGB/RGBA/RUN/INDEX ops) — used by tests to build thumbnail_QOI fixtures. */
export function encodeQoi(image: { width: number; height: number; rgba: Uint8Array }): Buffer {
  const { width, height, rgba } = image;
  const out: number[] = [0x71, 0x6f, 0x69, 0x66];
  const u32 = (v: number) => out.push((v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255);
  u32(width);
  u32(height);
  out.push(4, 0);
  const index = new Uint8Array(64 * 4);
  let pr = 0;
  let pg = 0;
  let pb = 0;
  let pa = 255;
  let run = 0;
  for (let o = 0; o < rgba.length; o += 4) {
    const r = rgba[o];
    const g = rgba[o + 1];
    const b = rgba[o + 2];
    const a = rgba[o + 3];
    if (r === pr && g === pg && b === pb && a === pa) {
      run++;
      if (run === 62 || o + 4 === rgba.length) {
        out.push(QOI_OP_RUN | (run - 1));
        run = 0;
      }
      continue;
    }
    if (run > 0) {
      out.push(QOI_OP_RUN | (run - 1));
      run = 0;
    }
    const h = ((r * 3 + g * 5 + b * 7 + a * 11) % 64) * 4;
    if (index[h] === r && index[h + 1] === g && index[h + 2] === b && index[h + 3] === a) out.push(QOI_OP_INDEX | (h / 4));
    else {
      index[h] = r;
      index[h + 1] = g;
      index[h + 2] = b;
      index[h + 3] = a;
      if (a === pa) out.push(QOI_OP_RGB, r, g, b);
      else out.push(QOI_OP_RGBA, r, g, b, a);
    }
    pr = r;
    pg = g;
    pb = b;
    pa = a;
  }
  out.push(0, 0, 0, 0, 0, 0, 0, 1);
  return Buffer.from(out);
}
