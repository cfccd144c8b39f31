// Turns G-code text into the commands a sender streams, keeping each command's source line number and byte offset
// (so an interrupted job can say exactly where the firmware stopped acknowledging), and finds layer starts.
import { stripLine } from './protocol.js';

export interface PreparedJob {
  name: string;
  commands: string[];
  /** 1-based line number in the source file of each command. */
  sourceLine: number[];
  /** Byte offset just past each command's source line. */
  endOffset: number[];
  totalBytes: number;
  /** Index into `commands` of the first command after each `;LAYER_CHANGE` / `;LAYER:` marker. */
  layerStarts: number[];
}

export function prepareJob(name: string, text: string): PreparedJob {
  const commands: string[] = [];
  const sourceLine: number[] = [];
  const endOffset: number[] = [];
  const layerStarts: number[] = [];
  let offset = 0;
  let lineNo = 0;
  let start = 0;
  const len = text.length;
  // Manual split: files are megabytes; avoid a giant intermediate array of strings twice.
  while (start <= len) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = len;
    const raw = text.slice(start, end);
    lineNo++;
    offset += Buffer.byteLength(raw) + (end < len ? 1 : 0);
    if (raw.startsWith(';LAYER_CHANGE') || raw.startsWith(';LAYER:')) layerStarts.push(commands.length);
    const cmd = stripLine(raw);
    if (cmd) {
      commands.push(cmd);
      sourceLine.push(lineNo);
      endOffset.push(offset);
    }
    if (end >= len) break;
    start = end + 1;
  }
  return { name, commands, sourceLine, endOffset, totalBytes: offset, layerStarts };
}
