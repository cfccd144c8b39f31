// Fuzz: a corrupted or hostile .3mf never crashes the reader: it either parses or throws the typed FarmError.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FarmError } from '../../electron/shared/contract/envelope.js';
import { readThreeMf } from '../../electron/engine/files/threemf.js';

const archive = readFileSync(join(import.meta.dirname, '../fixtures/bambu/two-plates.gcode.3mf'));

function parseOrTypedError(buffer: Buffer): void {
  try {
    const file = readThreeMf(buffer);
    for (const plate of file.plates) {
      file.thumbnail(plate.index);
      file.read(plate.gcodePath, 1024 * 1024);
    }
  } catch (error) {
    expect(error).toBeInstanceOf(FarmError);
  }
}

describe('threemf fuzz', () => {
  it('byte flips anywhere in a real archive', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat({ max: archive.length - 1 }), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }), (flips) => {
        const copy = Buffer.from(archive);
        for (const f of flips) copy[f.at] = f.value;
        parseOrTypedError(copy);
      }),
      { numRuns: 1500 },
    );
  });

  it('truncations and random bytes', () => {
    fc.assert(
      fc.property(fc.nat({ max: archive.length }), fc.uint8Array({ maxLength: 256 }), (cut, tail) => {
        parseOrTypedError(Buffer.concat([archive.subarray(0, cut), Buffer.from(tail)]));
      }),
      { numRuns: 800 },
    );
  });
});
