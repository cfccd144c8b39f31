// Hostile upload bodies: whatever bytes arrive, the multipart reader ends with parts or a MultipartError — never another
// exception, never a hang, and never more parts than its limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MultipartError, MultipartReader } from '../../electron/engine/files/library/multipart.js';

const BOUNDARY = 'fuzzBoundary7';

async function consume(chunks: Uint8Array[]): Promise<'ok' | 'refused'> {
  async function* source() {
    for (const c of chunks) yield c;
  }
  const reader = new MultipartReader(source(), BOUNDARY, { maxParts: 8, maxHeaderBytes: 512 });
  try {
    for (let part = await reader.next(), n = 0; part; part = await reader.next(), n++) {
      expect(n).toBeLessThan(8);
      if (n % 2 === 0) for await (const _ of part.body);
    }
    return 'ok';
  } catch (error) {
    if (!(error instanceof MultipartError)) throw error;
    return 'refused';
  }
}

/** Fragments that matter to the parser, shuffled with random bytes. */
const piece = fc.oneof(
  fc.constant(`--${BOUNDARY}\r\n`),
  fc.constant(`\r\n--${BOUNDARY}`),
  fc.constant(`--${BOUNDARY}--`),
  fc.constant('Content-Disposition: form-data; name="file"; filename="a.gcode"\r\n'),
  fc.constant('Content-Disposition: form-data; name="path"\r\n'),
  fc.constant('\r\n\r\n'),
  fc.constant('\r\n'),
  fc.string({ maxLength: 40 }),
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
);

describe('multipart reader under fuzz', () => {
  it('always finishes with parts or a MultipartError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 1, max: 50 }), async (pieces, split) => {
        const bytes = Buffer.from(pieces.join(''), 'latin1');
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < bytes.length; i += split) chunks.push(bytes.subarray(i, i + split));
        const outcome = await consume(chunks);
        expect(['ok', 'refused']).toContain(outcome);
      }),
      { numRuns: 1500 },
    );
  });
});
