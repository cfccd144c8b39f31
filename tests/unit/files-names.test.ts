// Library names: what may be stored, and every way a name could escape the library or sneak in another file type.
import { describe, expect, it } from 'vitest';
import {
  FileNameError,
  folderAncestors,
  kindOfName,
  splitUploadName,
  normalizeFolder,
  numberedName,
  validateFileName,
} from '../../electron/engine/files/library/names.js';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FileNameError);
    return (error as FileNameError).reason;
  }
  throw new Error('expected a refusal');
}

describe('validateFileName', () => {
  it('accepts G-code and 3MF names and tells their kind', () => {
    expect(validateFileName('benchy.gcode')).toEqual({ name: 'benchy.gcode', kind: 'gcode' });
    expect(validateFileName('Part.GCO').kind).toBe('gcode');
    expect(validateFileName('plate.gcode.3mf').kind).toBe('3mf');
    expect(validateFileName('  spaced name.g ').name).toBe('spaced name.g');
    expect(kindOfName('x.stl')).toBeNull();
  });

  it('refuses traversal, absolute paths, folders in the name and other types', () => {
    expect(refusal(() => validateFileName('../../etc/passwd.gcode'))).toBe('traversal');
    expect(refusal(() => validateFileName('..\\evil.gcode'))).toBe('traversal');
    expect(refusal(() => validateFileName('/etc/x.gcode'))).toBe('absolute');
    expect(refusal(() => validateFileName('C:\\temp\\x.gcode'))).toBe('absolute');
    expect(refusal(() => validateFileName('sub/x.gcode'))).toBe('invalid-name');
    expect(refusal(() => validateFileName('model.stl'))).toBe('unsupported-type');
    expect(refusal(() => validateFileName('notes.txt'))).toBe('unsupported-type');
    expect(refusal(() => validateFileName('gcode'))).toBe('unsupported-type');
    expect(refusal(() => validateFileName('a\u0000b.gcode'))).toBe('invalid-name');
    expect(refusal(() => validateFileName(''))).toBe('invalid-name');
    expect(refusal(() => validateFileName(`${'x'.repeat(300)}.gcode`))).toBe('invalid-name');
  });

  it('splits a folder out of an uploaded name, refusing escapes', () => {
    expect(splitUploadName('a/b/part.gcode')).toEqual({ folder: 'a/b', name: 'part.gcode', kind: 'gcode' });
    expect(splitUploadName('part.gcode')).toEqual({ folder: '', name: 'part.gcode', kind: 'gcode' });
    expect(refusal(() => splitUploadName('a/../../x.gcode'))).toBe('traversal');
    expect(refusal(() => splitUploadName('/abs/x.gcode'))).toBe('absolute');
    expect(refusal(() => splitUploadName('a/x.stl'))).toBe('unsupported-type');
  });

  it('says what is wrong in a sentence', () => {
    expect(() => validateFileName('model.stl')).toThrow(/not a G-code or 3MF file/);
    expect(() => validateFileName('../a.gcode')).toThrow(/'\.\.'/);
  });
});

describe('normalizeFolder', () => {
  it('normalises separators and treats / as the top folder (OctoPrint)', () => {
    expect(normalizeFolder(undefined)).toBe('');
    expect(normalizeFolder('')).toBe('');
    expect(normalizeFolder('/')).toBe('');
    expect(normalizeFolder('a/b/')).toBe('a/b');
    expect(normalizeFolder('a\\b')).toBe('a/b'); // PrusaSlicer on Windows
    expect(normalizeFolder('a//./b')).toBe('a/b');
  });

  it('refuses escapes and absolute paths', () => {
    expect(refusal(() => normalizeFolder('a/../../b'))).toBe('traversal');
    expect(refusal(() => normalizeFolder('..'))).toBe('traversal');
    expect(refusal(() => normalizeFolder('/etc'))).toBe('absolute');
    expect(refusal(() => normalizeFolder('D:\\prints'))).toBe('absolute');
    expect(refusal(() => normalizeFolder('\\\\server\\share'))).toBe('absolute');
    expect(refusal(() => normalizeFolder('a/ b'))).toBe('invalid-name');
  });

  it('lists ancestors and numbers names keeping compound extensions', () => {
    expect(folderAncestors('a/b/c')).toEqual(['', 'a', 'a/b', 'a/b/c']);
    expect(numberedName('box.gcode', 2)).toBe('box (2).gcode');
    expect(numberedName('plate.gcode.3mf', 3)).toBe('plate (3).gcode.3mf');
  });
});
