// The 3MF (ZIP) reader: central directory, stored + deflated entries, Bambu plate metadata, thumbnails, bad input.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FarmError } from '../../electron/shared/contract/envelope.js';
import { readThreeMf, readZipDirectory, readZipEntry } from '../../electron/engine/files/threemf.js';

const archive = readFileSync(join(import.meta.dirname, '../fixtures/bambu/two-plates.gcode.3mf'));

describe('threemf reader', () => {
  it('lists the central directory', () => {
    const names = readZipDirectory(archive).map((e) => e.name);
    expect(names).toEqual(['[Content_Types].xml', 'Metadata/plate_1.gcode', 'Metadata/plate_1.png', 'Metadata/plate_2.gcode', 'Metadata/slice_info.config']);
  });

  it('reads plates with prediction, weight, filaments, objects and thumbnail', () => {
    const file = readThreeMf(archive);
    expect(file.plates.map((p) => p.index)).toEqual([1, 2]);
    expect(file.plates[0]).toMatchObject({ gcodePath: 'Metadata/plate_1.gcode', thumbnailPath: 'Metadata/plate_1.png', predictionSeconds: 1834, weightGrams: 12.61, objects: ['Cube'] });
    expect(file.plates[1]!.filaments).toEqual([
      { id: 1, type: 'PLA', color: '#FFFFFF', usedGrams: 1.2 },
      { id: 3, type: 'PETG', color: '#1F6FD2', usedGrams: 2 },
    ]);
    expect(file.plates[1]!.thumbnailPath).toBeNull();
    expect(file.thumbnail(1)!.subarray(1, 4).toString()).toBe('PNG');
    expect(file.thumbnail(2)).toBeNull();
    const gcode = file.read('Metadata/plate_1.gcode')!.toString();
    expect(gcode.startsWith('; HEADER_BLOCK_START')).toBe(true);
    expect(gcode.split('\n').filter((l) => l.startsWith('G1')).length).toBe(2000);
  });

  it('refuses garbage, truncation and oversized entries with a typed error', () => {
    expect(() => readZipDirectory(Buffer.from('not a zip at all, definitely not'))).toThrow(FarmError);
    expect(() => readThreeMf(archive.subarray(0, archive.length - 30))).toThrow(FarmError);
    const entry = readZipDirectory(archive).find((e) => e.name === 'Metadata/plate_1.gcode')!;
    expect(() => readZipEntry(archive, entry, 1000)).toThrow(/larger than/);
  });

  it('a damaged stored entry is caught by its CRC', () => {
    const copy = Buffer.from(archive);
    const png = readZipDirectory(copy).find((e) => e.name === 'Metadata/plate_1.png')!;
    const dataStart = png.localHeaderOffset + 30 + copy.readUInt16LE(png.localHeaderOffset + 26) + copy.readUInt16LE(png.localHeaderOffset + 28);
    copy[dataStart + 10] = copy[dataStart + 10]! ^ 0xff;
    expect(() => readThreeMf(copy).thumbnail(1)).toThrow(/damaged/);
  });

  it('a lying size field cannot make inflate produce more than the declared size (zip bomb guard)', () => {
    const data = deflateRawSync(Buffer.alloc(1_000_000));
    const name = Buffer.from('Metadata/plate_1.gcode');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(100, 22); // claims 100 bytes
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(100, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(0, 42);
    const dirOffset = local.length + name.length + data.length;
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(1, 8);
    eocd.writeUInt16LE(1, 10);
    eocd.writeUInt32LE(central.length + name.length, 12);
    eocd.writeUInt32LE(dirOffset, 16);
    const zip = Buffer.concat([local, name, data, central, name, eocd]);
    const [entry] = readZipDirectory(zip);
    expect(entry!.size).toBe(100);
    expect(() => readZipEntry(zip, entry!)).toThrow(/does not inflate/);
  });
});
