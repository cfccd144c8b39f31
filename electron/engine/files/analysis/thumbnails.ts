// Collects embedded thumbnail blocks (`; thumbnail[_JPG|_QOI] begin WxH LEN` … `; thumbnail end`) and decodes them.
import type { Thumbnail } from '../../../shared/contract/gcode-analysis.js';
import { decodeQoi } from './qoi.js';
import { encodePng, pngSize } from './png.js';
import { jpegSize } from './jpeg.js';

/** Bound on base64 text kept per file (a 512² PNG is ~300 KB); beyond it thumbnails are dropped with a warning. */
const MAX_TOTAL_BASE64 = 8 << 20;
/** Slicers embed 1–4 sizes; more is noise. */
const MAX_THUMBNAILS = 16;

interface Pending {
  width: number;
  height: number;
  format: 'png' | 'jpg' | 'qoi';
  parts: string[];
  length: number;
}

const BEGIN = /^;\s*thumbnail(?:_(JPG|QOI|PNG))?\s+begin\s+(\d+)x(\d+)/i;
const END = /^;\s*thumbnail(?:_(?:JPG|QOI|PNG))?\s+end/i;

export class ThumbnailCollector {
  private pending: Pending | null = null;
  private total = 0;
  private ignored = 0;
  readonly raw: { width: number; height: number; format: 'png' | 'jpg' | 'qoi'; base64: string }[] = [];
  readonly warnings: string[] = [];

  get active(): boolean {
    return this.pending !== null;
  }

  /** A "; thumbnail… begin" line. */
  begin(line: string): boolean {
    const m = BEGIN.exec(line);
    if (!m) return false;
    if (this.raw.length >= MAX_THUMBNAILS) {
      this.ignored++;
      return false;
    }
    const kind = (m[1] ?? 'PNG').toUpperCase();
    this.pending = {
      width: Number(m[2]),
      height: Number(m[3]),
      format: kind === 'JPG' ? 'jpg' : kind === 'QOI' ? 'qoi' : 'png',
      parts: [],
      length: 0,
    };
    return true;
  }

  /** A line inside a block: either base64 ("; iVBOR…") or the end marker. */
  line(text: string): void {
    const p = this.pending;
    if (!p) return;
    if (END.test(text)) {
      const base64 = p.parts.join('');
      if (this.total + base64.length <= MAX_TOTAL_BASE64) {
        this.total += base64.length;
        this.raw.push({ width: p.width, height: p.height, format: p.format, base64 });
      } else this.warnings.push(`thumbnail ${p.width}x${p.height} dropped: thumbnails exceed ${MAX_TOTAL_BASE64} bytes`);
      this.pending = null;
      return;
    }
    const data = text.replace(/^;\s?/, '').trim();
    p.length += data.length;
    if (p.length > MAX_TOTAL_BASE64) {
      this.warnings.push('thumbnail block without end marker; dropped');
      this.pending = null;
      return;
    }
    p.parts.push(data);
  }

  /** Decode/validate every collected image; QOI becomes PNG so the renderer can show it. */
  finish(): Thumbnail[] {
    if (this.pending) this.warnings.push('file ended inside a thumbnail block');
    if (this.ignored > 0) this.warnings.push(`${this.ignored} thumbnails beyond the first ${MAX_THUMBNAILS} were ignored`);
    const out: Thumbnail[] = [];
    for (const t of this.raw) {
      try {
        out.push(decodeThumbnail(t));
      } catch (error) {
        this.warnings.push(`thumbnail ${t.width}x${t.height} ${t.format} unreadable: ${(error as Error).message}`);
      }
    }
    return out;
  }
}

export function decodeThumbnail(t: { width: number; height: number; format: 'png' | 'jpg' | 'qoi'; base64: string }): Thumbnail {
  const bytes = Buffer.from(t.base64, 'base64');
  if (t.format === 'qoi') {
    const image = decodeQoi(bytes);
    return { width: image.width, height: image.height, format: 'png', sourceFormat: 'qoi', base64: encodePng(image).toString('base64') };
  }
  // Slicers sometimes label a JPEG block as PNG (and vice versa): trust the bytes.
  const png = pngSize(bytes);
  if (png) return { ...png, format: 'png', sourceFormat: t.format, base64: bytes.toString('base64') };
  const jpg = jpegSize(bytes);
  if (jpg) return { ...jpg, format: 'jpg', sourceFormat: t.format, base64: bytes.toString('base64') };
  throw new Error('neither PNG nor JPEG data');
}
