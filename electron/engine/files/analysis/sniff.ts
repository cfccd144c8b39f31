// Early rejection of inputs that are not G-code text (binary, sparse/zeroed, archives) before any parsing work.
import type { FileHandle } from 'node:fs/promises';
import { FarmError } from '../../../shared/contract/envelope.js';

const SNIFF_BYTES = 64 * 1024;

export async function sniffContent(fh: FileHandle, size: number): Promise<void> {
  const buf = Buffer.alloc(Math.min(SNIFF_BYTES, size));
  const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
  const head = buf.subarray(0, bytesRead);
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    throw new FarmError('invalid-input', 'This is a ZIP/3MF package, not plain G-code; .gcode.3mf packages are not analyzed yet.');
  }
  if (head.length >= 4 && head.toString('latin1', 0, 4) === 'GCDE') {
    throw new FarmError('invalid-input', 'This is Prusa binary G-code (.bgcode); it is not analyzed yet — export plain-text G-code instead.');
  }
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw new FarmError('invalid-input', 'The file is UTF-16 text; G-code must be ASCII/UTF-8 (re-save it as UTF-8).');
  }
  let control = 0;
  let nul = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head[i];
    if (c === 0) nul++;
    else if (c < 9 || (c > 13 && c < 32 && c !== 27) || c === 127) control++;
  }
  if (nul > 0 && nul === head.length) {
    throw new FarmError('invalid-input', `Not a G-code file: the first ${head.length} bytes are all zero (sparse or blank file).`);
  }
  if (nul > 16 || control > head.length * 0.01 + 4) {
    throw new FarmError('invalid-input', 'Not a G-code text file: it contains binary data.');
  }
  if (head.length === SNIFF_BYTES && head.indexOf(10) === -1 && head.indexOf(13) !== -1) {
    throw new FarmError('invalid-input', 'The file uses old Mac (CR-only) line endings; save it with LF or CRLF line endings.');
  }
}
