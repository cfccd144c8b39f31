// Read .3mf / .gcode.3mf files (ZIP): central directory, entries (stored or deflated), Bambu plate metadata and thumbnails.
import { crc32, inflateRawSync } from 'node:zlib';
import { FarmError } from '../../shared/contract/envelope.js';

export interface ZipEntry {
  name: string;
  method: number; // 0 stored, 8 deflate
  compressedSize: number;
  size: number;
  crc32: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_ENTRIES = 20_000;

function bad(message: string): never {
  throw new FarmError('invalid-input', `Not a readable 3MF/ZIP file: ${message}.`);
}

/** Entries from the central directory (the authoritative list; local headers can lie about sizes). */
export function readZipDirectory(zip: Buffer): ZipEntry[] {
  // The end-of-central-directory record is in the last 22 + 65535 (comment) bytes.
  const floor = Math.max(0, zip.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = zip.length - 22; i >= floor; i -= 1) {
    if (zip.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) bad('no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  const dirSize = zip.readUInt32LE(eocd + 12);
  const dirOffset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) bad('ZIP64 archives are not supported');
  if (count > MAX_ENTRIES) bad(`too many entries (${count})`);
  if (dirOffset + dirSize > zip.length) bad('central directory out of bounds');
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let i = 0; i < count; i += 1) {
    if (p + 46 > zip.length || zip.readUInt32LE(p) !== CENTRAL_SIGNATURE) bad(`broken central directory at entry ${i}`);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    if (p + 46 + nameLength > zip.length) bad('entry name out of bounds');
    entries.push({
      method: zip.readUInt16LE(p + 10),
      crc32: zip.readUInt32LE(p + 16),
      compressedSize: zip.readUInt32LE(p + 20),
      size: zip.readUInt32LE(p + 24),
      localHeaderOffset: zip.readUInt32LE(p + 42),
      name: zip.toString('utf8', p + 46, p + 46 + nameLength),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The bytes of one entry; refuses entries larger than `maxBytes` (zip bombs). */
export function readZipEntry(zip: Buffer, entry: ZipEntry, maxBytes = 256 * 1024 * 1024): Buffer {
  const p = entry.localHeaderOffset;
  if (p + 30 > zip.length || zip.readUInt32LE(p) !== LOCAL_SIGNATURE) bad(`no local header for ${entry.name}`);
  const start = p + 30 + zip.readUInt16LE(p + 26) + zip.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length) bad(`${entry.name} is truncated`);
  if (entry.size > maxBytes) bad(`${entry.name} is larger than ${maxBytes} bytes`);
  const raw = zip.subarray(start, end);
  let data: Buffer;
  if (entry.method === 0) data = Buffer.from(raw);
  else if (entry.method === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(maxBytes, entry.size || maxBytes)) });
    } catch {
      return bad(`${entry.name} does not inflate`);
    }
  } else return bad(`${entry.name} uses compression method ${entry.method}`);
  // A damaged archive must not hand a printer G-code that differs from what the slicer wrote.
  if (data.length !== entry.size || crc32(data) !== entry.crc32) bad(`${entry.name} is damaged (size or CRC mismatch)`);
  return data;
}

export interface ThreeMfFilament {
  id: number;
  type: string | null;
  color: string | null;
  usedGrams: number | null;
}

export interface ThreeMfPlate {
  index: number;
  /** Path inside the archive, e.g. Metadata/plate_1.gcode (what print.project_file's `param` names). */
  gcodePath: string;
  thumbnailPath: string | null;
  predictionSeconds: number | null;
  weightGrams: number | null;
  filaments: ThreeMfFilament[];
  objects: string[];
}

export interface ThreeMf {
  entries: ZipEntry[];
  plates: ThreeMfPlate[];
  /** PNG bytes of a plate's thumbnail, or null. */
  thumbnail(plateIndex: number): Buffer | null;
  read(name: string, maxBytes?: number): Buffer | null;
}

function attr(tag: string, name: string): string | null {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(tag);
  return m ? m[1]! : null;
}

function numberOrNull(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** Bambu Studio writes per-plate facts into Metadata/slice_info.config (XML). */
function parseSliceInfo(xml: string): Map<number, Omit<ThreeMfPlate, 'gcodePath' | 'thumbnailPath'>> {
  const plates = new Map<number, Omit<ThreeMfPlate, 'gcodePath' | 'thumbnailPath'>>();
  for (const block of xml.match(/<plate>[\s\S]*?<\/plate>/g) ?? []) {
    const meta = (key: string) => {
      const tag = new RegExp(`<metadata[^>]*key="${key}"[^>]*/?>`).exec(block)?.[0];
      return tag ? attr(tag, 'value') : null;
    };
    const index = numberOrNull(meta('index'));
    if (index === null) continue;
    plates.set(index, {
      index,
      predictionSeconds: numberOrNull(meta('prediction')),
      weightGrams: numberOrNull(meta('weight')),
      filaments: (block.match(/<filament\b[^>]*>/g) ?? []).map((tag) => ({
        id: numberOrNull(attr(tag, 'id')) ?? 0,
        type: attr(tag, 'type'),
        color: attr(tag, 'color'),
        usedGrams: numberOrNull(attr(tag, 'used_g')),
      })),
      objects: (block.match(/<object\b[^>]*>/g) ?? []).map((tag) => attr(tag, 'name') ?? '').filter(Boolean),
    });
  }
  return plates;
}

export function readThreeMf(zip: Buffer): ThreeMf {
  const entries = readZipDirectory(zip);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const read = (name: string, maxBytes?: number) => {
    const entry = byName.get(name);
    return entry ? readZipEntry(zip, entry, maxBytes) : null;
  };
  const sliceInfoRaw = read('Metadata/slice_info.config', 4 * 1024 * 1024);
  const sliceInfo = sliceInfoRaw ? parseSliceInfo(sliceInfoRaw.toString('utf8')) : new Map();
  const plates: ThreeMfPlate[] = [];
  for (const entry of entries) {
    const m = /^Metadata\/plate_(\d+)\.gcode$/.exec(entry.name);
    if (!m) continue;
    const index = Number(m[1]);
    const thumb = `Metadata/plate_${index}.png`;
    const info = sliceInfo.get(index);
    plates.push({
      index,
      gcodePath: entry.name,
      thumbnailPath: byName.has(thumb) ? thumb : null,
      predictionSeconds: info?.predictionSeconds ?? null,
      weightGrams: info?.weightGrams ?? null,
      filaments: info?.filaments ?? [],
      objects: info?.objects ?? [],
    });
  }
  plates.sort((a, b) => a.index - b.index);
  return {
    entries,
    plates,
    thumbnail: (plateIndex) => read(`Metadata/plate_${plateIndex}.png`, 8 * 1024 * 1024),
    read,
  };
}
