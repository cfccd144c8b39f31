// The streaming multipart reader: fields and file bodies come out byte-exact however the network splits the bytes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundaryOf, MultipartError, MultipartReader } from '../../electron/engine/files/library/multipart.js';

const BOUNDARY = '------------------------a1b2c3d4e5f6';

/** A body the way libcurl (PrusaSlicer) builds it: print, path, then the file. */
function curlBody(file: Buffer, filename = 'part.gcode'): Buffer {
  return Buffer.concat([
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="print"\r\n\r\ntrue\r\n`),
    Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="path"\r\n\r\n\r\n`),
    Buffer.from(
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
  ]);
}

async function* chunked(body: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let offset = 0;
  let i = 0;
  while (offset < body.length) {
    const size = Math.max(1, sizes[i++ % sizes.length]);
    yield body.subarray(offset, offset + size);
    offset += size;
  }
}

async function readAll(body: Buffer, sizes: number[]) {
  const reader = new MultipartReader(chunked(body, sizes), BOUNDARY);
  const out: Record<string, { filename: string | null; data: Buffer }> = {};
  for (let part = await reader.next(); part; part = await reader.next()) {
    const chunks: Buffer[] = [];
    for await (const c of part.body) chunks.push(Buffer.from(c));
    out[part.name] = { filename: part.filename, data: Buffer.concat(chunks) };
  }
  return out;
}

describe('MultipartReader', () => {
  it('reads fields and the file exactly, for any split of the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 3000 }),
        fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 8 }),
        async (bytes, sizes) => {
          const file = Buffer.from(bytes);
          const parts = await readAll(curlBody(file), sizes);
          expect(parts.print.data.toString()).toBe('true');
          expect(parts.path.data.toString()).toBe('');
          expect(parts.file.filename).toBe('part.gcode');
          expect(parts.file.data.equals(file)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps bytes that look like a boundary but are not one', async () => {
    const file = Buffer.from(`G1 X1\r\n--${BOUNDARY.slice(0, -1)}X\r\n--\r\n${BOUNDARY}\r\nG1 X2\n`);
    const parts = await readAll(curlBody(file), [7]);
    expect(parts.file.data.equals(file)).toBe(true);
  });

  it('skips a part whose body is not read and decodes RFC 5987 file names', async () => {
    const body = Buffer.concat([
      Buffer.from(`preamble\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="skip"\r\n\r\n${'x'.repeat(5000)}\r\n`),
      Buffer.from(`--${BOUNDARY}  \r\nContent-Disposition: form-data; name="file"; filename="a.gcode"; filename*=UTF-8''%C3%BCber.gcode\r\n\r\nG28\r\n`),
      Buffer.from(`--${BOUNDARY}--`),
    ]);
    const reader = new MultipartReader(chunked(body, [100]), BOUNDARY);
    const first = await reader.next();
    expect(first?.name).toBe('skip');
    const second = await reader.next();
    expect(second?.filename).toBe('über.gcode');
    expect(await second!.text()).toBe('G28');
    expect(await reader.next()).toBeNull();
  });

  it('refuses a body cut short, a missing boundary and oversized fields', async () => {
    const full = curlBody(Buffer.alloc(1000, 0x41));
    const cut = full.subarray(0, full.length - 40);
    await expect(readAll(cut, [64])).rejects.toBeInstanceOf(MultipartError);
    await expect(readAll(Buffer.from('just some bytes'), [4])).rejects.toThrow(/boundary/);
    const reader = new MultipartReader(chunked(curlBody(Buffer.alloc(10)), [50]), BOUNDARY);
    const print = await reader.next();
    await expect(print!.text(2)).rejects.toThrow(/longer than 2 bytes/);
  });

  it('stops a body larger than its total limit, even in parts nobody reads', async () => {
    const body = Buffer.concat([
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="userdata"\r\n\r\n`),
      Buffer.alloc(50_000, 0x61),
      Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
    ]);
    const reader = new MultipartReader(chunked(body, [4096]), BOUNDARY, { maxTotalBytes: 10_000 });
    await expect((async () => {
      while (await reader.next());
    })()).rejects.toThrow(/larger than/);
  });

  it('finds the boundary in a Content-Type header', () => {
    expect(boundaryOf(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(boundaryOf('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(boundaryOf('application/json')).toBeNull();
    expect(boundaryOf(undefined)).toBeNull();
  });
});
