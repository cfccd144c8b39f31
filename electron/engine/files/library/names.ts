// Validation of library file names and folder paths: what a slicer, a drop or a person may name a file, and nothing that escapes.
import { FarmError } from '../../../shared/contract/envelope.js';

/** Why a name or folder was refused; the upload API maps these to OctoPrint-like HTTP statuses (400 / 415). */
export type NameRefusal = 'traversal' | 'absolute' | 'unsupported-type' | 'invalid-name';

export class FileNameError extends FarmError {
  constructor(
    readonly reason: NameRefusal,
    message: string,
  ) {
    super('invalid-input', message);
    this.name = 'FileNameError';
  }
}

/** What the library stores. `.3mf` alone is accepted because Bambu Studio / Orca "send" sometimes drop the `.gcode`. */
export type FileKind = 'gcode' | '3mf';

const GCODE_EXTENSIONS = ['.gcode', '.gco', '.g'];
const THREEMF_EXTENSIONS = ['.gcode.3mf', '.3mf'];
export const ACCEPTED_EXTENSIONS = [...THREEMF_EXTENSIONS, ...GCODE_EXTENSIONS];

const MAX_NAME_BYTES = 255;
const MAX_SEGMENT_CHARS = 100;
const MAX_FOLDER_DEPTH = 16;
// Control characters (incl. NUL) and the characters Windows refuses in names: a library exported to disk must stay portable.
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f<>:"|?*]/;

/** The kind a name denotes, or null when it is neither G-code nor a 3MF package. */
export function kindOfName(name: string): FileKind | null {
  const lower = name.toLowerCase();
  if (THREEMF_EXTENSIONS.some((ext) => lower.endsWith(ext))) return '3mf';
  if (GCODE_EXTENSIONS.some((ext) => lower.endsWith(ext))) return 'gcode';
  return null;
}

function looksAbsolute(raw: string): boolean {
  return raw.startsWith('/') || raw.startsWith('\\') || /^[A-Za-z]:/.test(raw);
}

/**
 * A file name as stored in the library: one segment, no folders, an accepted extension.
 * Throws FileNameError naming what is wrong.
 */
export function validateFileName(raw: string): { name: string; kind: FileKind } {
  const name = raw.normalize('NFC').trim();
  if (name.length === 0) throw new FileNameError('invalid-name', 'The file has no name.');
  if (looksAbsolute(name)) throw new FileNameError('absolute', `The file name '${clip(name)}' is an absolute path; send a plain file name.`);
  const segments = name.split(/[\\/]/);
  if (segments.some((s) => s === '..')) throw new FileNameError('traversal', `The file name '${clip(name)}' contains '..'; names may not leave the library.`);
  if (segments.length > 1) throw new FileNameError('invalid-name', `The file name '${clip(name)}' contains a folder; put the folder in the 'path' field.`);
  if (name === '.') throw new FileNameError('invalid-name', "'.' is not a file name.");
  if (FORBIDDEN_CHARS.test(name)) throw new FileNameError('invalid-name', `The file name '${clip(name)}' contains a control character or one of < > : " | ? *.`);
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) throw new FileNameError('invalid-name', `The file name is longer than ${MAX_NAME_BYTES} bytes.`);
  const kind = kindOfName(name);
  if (!kind) {
    throw new FileNameError(
      'unsupported-type',
      `'${clip(name)}' is not a G-code or 3MF file (accepted: ${ACCEPTED_EXTENSIONS.join(', ')}).`,
    );
  }
  return { name, kind };
}

/**
 * An uploaded name that may carry folders ('sub/part.gcode', as OctoPrint accepts when `path` is unset): split into a
 * validated folder and file name. Absolute names and '..' are refused like everywhere else.
 */
export function splitUploadName(raw: string): { folder: string; name: string; kind: FileKind } {
  const value = raw.normalize('NFC').trim();
  if (looksAbsolute(value)) throw new FileNameError('absolute', `The file name '${clip(value)}' is an absolute path; send a plain file name.`);
  const segments = value.split(/[\\/]/);
  if (segments.some((s) => s === '..')) throw new FileNameError('traversal', `The file name '${clip(value)}' contains '..'; names may not leave the library.`);
  const { name, kind } = validateFileName(segments[segments.length - 1]);
  return { folder: normalizeFolder(segments.slice(0, -1).join('/')), name, kind };
}

/**
 * A folder path in the library: '' is the root, segments joined by '/'. Backslashes count as separators
 * (PrusaSlicer on Windows sends the parent path with them). '/' alone means the root, as in OctoPrint;
 * any other absolute path, a drive letter or a '..' segment is refused.
 */
export function normalizeFolder(raw: string | undefined | null): string {
  if (raw === undefined || raw === null) return '';
  const value = raw.normalize('NFC').trim();
  if (value === '' || value === '/' || value === '\\') return '';
  if (looksAbsolute(value)) throw new FileNameError('absolute', `The folder '${clip(value)}' is an absolute path; give a folder inside the library.`);
  const segments = value.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) throw new FileNameError('traversal', `The folder '${clip(value)}' contains '..'; folders may not leave the library.`);
  if (segments.length > MAX_FOLDER_DEPTH) throw new FileNameError('invalid-name', `The folder '${clip(value)}' is nested deeper than ${MAX_FOLDER_DEPTH} levels.`);
  for (const segment of segments) {
    const trimmed = segment.trim();
    if (trimmed !== segment || trimmed === '') throw new FileNameError('invalid-name', `The folder name '${clip(segment)}' starts or ends with a space.`);
    if (FORBIDDEN_CHARS.test(segment)) throw new FileNameError('invalid-name', `The folder name '${clip(segment)}' contains a control character or one of < > : " | ? *.`);
    if (segment.length > MAX_SEGMENT_CHARS) throw new FileNameError('invalid-name', `A folder name is longer than ${MAX_SEGMENT_CHARS} characters.`);
  }
  return segments.join('/');
}

/** 'a/b' → ['', 'a', 'a/b']: every ancestor folder including the root. */
export function folderAncestors(folder: string): string[] {
  const out = [''];
  if (folder === '') return out;
  const parts = folder.split('/');
  for (let i = 1; i <= parts.length; i++) out.push(parts.slice(0, i).join('/'));
  return out;
}

/** 'box.gcode' taken → 'box (2).gcode', keeping compound extensions like '.gcode.3mf' whole. */
export function numberedName(name: string, n: number): string {
  const lower = name.toLowerCase();
  const ext = ACCEPTED_EXTENSIONS.find((e) => lower.endsWith(e)) ?? '';
  const stem = name.slice(0, name.length - ext.length);
  return `${stem} (${n})${name.slice(name.length - ext.length)}`;
}

function clip(text: string): string {
  const printable = text.replace(/[\u0000-\u001f\u007f]/g, '?');
  return printable.length > 80 ? `${printable.slice(0, 77)}...` : printable;
}
