// Fuzz: arbitrary bytes and near-valid lines never make the Marlin reply parser or framing throw.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFramed, parseReply, ReplyContext, stripLine } from '../../electron/engine/drivers/marlin/protocol.js';

const nearValid = fc.oneof(
  fc.constantFrom('ok', 'ok N', 'Resend:', 'rs N', 'Error:', 'T:', ' T0:', 'B@:', 'X:', 'Cap:', 'FIRMWARE_NAME:', '//action:', 'echo:busy:', 'SD printing byte ', 'Begin file list', 'End file list'),
  fc.string(),
);

describe('marlin reply parser fuzz', () => {
  it('arbitrary bytes never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const text = Buffer.from(bytes).toString('latin1');
        const r = parseReply(text);
        expect(typeof r.kind).toBe('string');
        parseFramed(text);
        stripLine(text, true);
      }),
      { numRuns: 3000 },
    );
  });
  it('near-valid prefixes with garbage tails never throw, through the stateful context too', () => {
    const ctx = new ReplyContext();
    fc.assert(
      fc.property(fc.array(fc.tuple(nearValid, fc.string({ maxLength: 80 })), { maxLength: 20 }), (parts) => {
        for (const [a, b] of parts) {
          const r = ctx.feed(a + b);
          expect(r.reply).toBeTruthy();
        }
      }),
      { numRuns: 2000 },
    );
  });
});
