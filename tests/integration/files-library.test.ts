// The library on a real SQLite file and a real data dir: content addressing, hash hits, folders, delete with history.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FarmError } from '../../electron/shared/contract/envelope.js';
import { SizeLimitError } from '../../electron/engine/files/library/content-store.js';
import { FileNameError } from '../../electron/engine/files/library/names.js';
import { FIXTURES, makeLibrary, storedBlobs, type TestLibrary } from '../support/files-library.js';

const BOX = path.join(FIXTURES, 'v2_ender3_box_028_absE.gcode');

let t: TestLibrary;
beforeEach(async () => {
  t = await makeLibrary();
});
afterEach(async () => {
  await t.close();
});

function bytesStream(text: string) {
  return Readable.from([Buffer.from(text)]);
}

describe('file library', () => {
  it('stores an imported file at files/<aa>/<sha256>, analyses it once and caches the result by hash', async () => {
    const { file, duplicate } = await t.library.importPath(BOX, { source: 'import' });
    expect(duplicate).toBe(false);
    expect(file.name).toBe('v2_ender3_box_028_absE.gcode');
    expect(file.size).toBe(fs.statSync(BOX).size);
    const blobPath = path.join(t.dir, 'files', file.sha256.slice(0, 2), file.sha256);
    expect(fs.readFileSync(blobPath).equals(fs.readFileSync(BOX))).toBe(true);

    await t.library.whenAnalysed(file.id);
    const entry = t.library.get(file.id);
    expect(entry.analysis.status).toBe('done');
    expect(entry.analysis.summary?.slicer.estimatedSeconds).toBe(1084);
    expect(entry.analysis.summary?.own.layerCount).toBeGreaterThan(0);
    expect(entry.analysis.summary?.thumbnails.map((th) => th.width)).toEqual([16, 220]);
    expect(t.analyzer.calls).toHaveLength(1);
    expect(t.events.named('file:analyzed')).toEqual([{ sha256: file.sha256, fileIds: [file.id], status: 'done', error: null }]);
    expect(t.events.named('file:progress').some((e) => e.phase === 'analysis')).toBe(true);

    // Re-import: same entry back, no second copy, no second analysis.
    const again = await t.library.importPath(BOX, { source: 'import' });
    expect(again.duplicate).toBe(true);
    expect(again.file.id).toBe(file.id);
    expect(again.file.analysis.status).toBe('done');
    await t.library.whenAnalysed(file.id);
    expect(t.analyzer.calls).toHaveLength(1);
    expect(storedBlobs(t.dir)).toEqual([file.sha256]);

    // Same bytes into another folder: a second entry sharing the blob and its cached analysis.
    const copy = await t.library.importStream(fs.createReadStream(BOX), { name: 'box.gcode', folder: 'plates/week 1', source: 'upload' });
    expect(copy.duplicate).toBe(true);
    expect(copy.file.id).not.toBe(file.id);
    expect(copy.file.analysis.status).toBe('done');
    expect(t.analyzer.calls).toHaveLength(1);
    expect(storedBlobs(t.dir)).toEqual([file.sha256]);
    expect(fs.readdirSync(path.join(t.dir, 'files', '.incoming'))).toEqual([]);
  });

  it('keeps both files on a name clash by default and replaces on request (slicer re-send)', async () => {
    const a = await t.library.importStream(bytesStream('G28\n'), { name: 'part.gcode', source: 'upload' });
    const b = await t.library.importStream(bytesStream('G28\nG1 X1\n'), { name: 'part.gcode', source: 'upload' });
    expect(b.file.name).toBe('part (2).gcode');
    const c = await t.library.importStream(bytesStream('G28\nG1 X2\n'), { name: 'part.gcode', source: 'octoprint', onConflict: 'replace' });
    expect(c.file.name).toBe('part.gcode');
    expect(() => t.library.get(a.file.id)).toThrow(/no file/);
    // The replaced entry's bytes are gone (nothing else referred to them).
    expect(storedBlobs(t.dir).sort()).toEqual([b.file.sha256, c.file.sha256].sort());
  });

  it('refuses bad names before reading, and files over the size limit without leaving bytes behind', async () => {
    await expect(t.library.importStream(bytesStream('x'), { name: '../evil.gcode', source: 'upload' })).rejects.toBeInstanceOf(FileNameError);
    await expect(t.library.importStream(bytesStream('x'), { name: 'model.stl', source: 'upload' })).rejects.toThrow(/not a G-code or 3MF/);
    const small = await makeLibrary({ maxBytes: 1000 });
    try {
      await expect(small.library.importStream(fs.createReadStream(BOX), { name: 'big.gcode', source: 'upload' })).rejects.toBeInstanceOf(SizeLimitError);
      await expect(small.library.importPath(BOX, { source: 'import' })).rejects.toThrow(/larger than/);
      expect(storedBlobs(small.dir)).toEqual([]);
      expect(fs.readdirSync(path.join(small.dir, 'files', '.incoming'))).toEqual([]);
      expect(small.library.list({}).files).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('creates, lists, moves, renames and searches', async () => {
    t.library.mkdir('a/b');
    const one = (await t.library.importStream(bytesStream('G1 X1\n'), { name: 'Benchy 50%.gcode', folder: 'a', source: 'upload' })).file;
    const two = (await t.library.importStream(bytesStream('G1 X2\n'), { name: 'cube.gcode', folder: 'a', source: 'upload' })).file;
    expect(t.library.list({}).folders).toEqual(['a']);
    const a = t.library.list({ folder: 'a' });
    expect(a.folders).toEqual(['a/b']);
    expect(a.files.map((f) => f.name)).toEqual(['Benchy 50%.gcode', 'cube.gcode']);

    const moved = await t.library.move(two.id, 'a/b');
    expect(moved.path).toBe('a/b/cube.gcode');
    await expect(t.library.rename(one.id, 'cube.gcode')).resolves.toMatchObject({ name: 'cube.gcode' });
    await expect(t.library.move(one.id, 'a/b')).rejects.toMatchObject({ code: 'conflict' });
    await expect(t.library.rename(one.id, 'cube.stl')).rejects.toThrow(/not a G-code/);
    await expect(t.library.rename(one.id, 'x.gcode.3mf')).rejects.toThrow(/file type/);

    expect(t.library.list({ search: '%' }).files).toEqual([]); // LIKE wildcards are literal
    await t.library.rename(one.id, 'Benchy 50%.gcode');
    expect(t.library.list({ search: '50%' }).files.map((f) => f.id)).toEqual([one.id]);
    expect(t.library.list({ search: 'CUBE' }).files.map((f) => f.id)).toEqual([two.id]);

    expect(() => t.library.rmdir('a')).toThrow(/not empty/);
    expect(() => t.library.list({ folder: 'nope' })).toThrow(FarmError);
    // Rename a folder with its contents; ids stay, paths follow.
    await expect(t.library.moveFolder('a', 'a/b/c')).rejects.toThrow(/into itself/);
    await expect(t.library.moveFolder('a/b', 'a')).rejects.toMatchObject({ code: 'conflict' });
    await t.library.moveFolder('a', 'archive/2026');
    expect(t.library.get(two.id).path).toBe('archive/2026/b/cube.gcode');
    expect(t.library.list({}).folders).toEqual(['archive']);
    expect(t.library.list({ folder: 'archive/2026' }).folders).toEqual(['archive/2026/b']);
    await t.library.moveFolder('archive/2026', 'a');

    await t.library.move(two.id, '');
    t.library.rmdir('a/b');
    expect(t.library.list({ folder: 'a' }).folders).toEqual([]);
  });

  it('deletes outright when no history refers to a file, soft-deletes when a job request does', async () => {
    const gone = (await t.library.importStream(bytesStream('G1 X9\n'), { name: 'gone.gcode', source: 'upload' })).file;
    await expect(t.library.delete(gone.id)).resolves.toEqual({ id: gone.id, mode: 'removed' });
    expect(storedBlobs(t.dir)).not.toContain(gone.sha256);
    expect(t.db.prepare('SELECT COUNT(*) AS n FROM files WHERE id = ?').get(gone.id)).toEqual({ n: 0 });

    const kept = (await t.library.importStream(bytesStream('G1 X8\n'), { name: 'kept.gcode', source: 'upload' })).file;
    t.library.requestPrint(kept.id, 'octoprint-api');
    await expect(t.library.delete(kept.id)).resolves.toEqual({ id: kept.id, mode: 'soft-deleted' });
    expect(t.library.list({}).files).toEqual([]);
    expect(() => t.library.get(kept.id)).toThrow(/no file/);
    const row = t.db.prepare('SELECT name, deleted_at FROM files WHERE id = ?').get(kept.id) as { name: string; deleted_at: number };
    expect(row.name).toBe('kept.gcode');
    expect(row.deleted_at).toBeGreaterThan(0);
    expect(storedBlobs(t.dir)).toContain(kept.sha256); // history can still show and reprint it
    // A later history table that references files(id) keeps its rows alive too (foreign key → soft delete).
    t.db.exec('CREATE TABLE later_jobs (id TEXT PRIMARY KEY, file_id TEXT NOT NULL REFERENCES files(id))');
    const printed = (await t.library.importStream(bytesStream('G1 X6\n'), { name: 'printed.gcode', source: 'upload' })).file;
    t.db.prepare('INSERT INTO later_jobs VALUES (?, ?)').run('j1', printed.id);
    await expect(t.library.delete(printed.id)).resolves.toEqual({ id: printed.id, mode: 'soft-deleted' });
    expect(storedBlobs(t.dir)).toContain(printed.sha256);

    // The name is free again for a new file.
    await expect(t.library.importStream(bytesStream('G1 X7\n'), { name: 'kept.gcode', source: 'upload' })).resolves.toMatchObject({ file: { name: 'kept.gcode' } });
  });

  it('records a failed analysis with its reason and serves thumbnails and layer data once analysed', async () => {
    t.analyzer.failWith = 'not G-code: binary data';
    const bad = (await t.library.importStream(bytesStream('\u0000\u0001binary'), { name: 'bad.gcode', source: 'upload' })).file;
    await t.library.whenAnalysed(bad.id);
    expect(t.library.analysisState(bad.id)).toMatchObject({ status: 'failed', error: 'not G-code: binary data' });
    await expect(t.library.layer(bad.id, 0, true)).rejects.toMatchObject({ code: 'unavailable' });

    t.analyzer.failWith = null;
    const { file } = await t.library.importPath(BOX, { source: 'import' });
    await t.library.whenAnalysed(file.id);
    expect(t.library.thumbnail(file.id)?.width).toBe(220);
    expect(t.library.thumbnail(file.id, 100)?.width).toBe(16);
    const detail = t.library.detail(file.id);
    expect(detail.layerZ.length).toBe(detail.analysis.summary?.own.layerCount);
    expect(detail.objects).toEqual([{ id: '0', name: 'box' }]);
    await expect(t.library.layer(file.id, 10_000, true)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('resumes analyses left pending by a previous run', async () => {
    const noPool = await makeLibrary({ analyzer: null });
    const { file } = await noPool.library.importStream(bytesStream('G1 X1\n'), { name: 'later.gcode', source: 'upload' });
    expect(noPool.library.get(file.id).analysis.status).toBe('pending');
    noPool.db.close();
    // Same data dir, now with an analyzer: init() picks the pending blob up.
    const { FileLibrary } = await import('../../electron/engine/files/library/library.js');
    const { FilesRepo } = await import('../../electron/engine/store/files-repo.js');
    const { openDatabase } = await import('../../native/sqlite.js');
    const db = openDatabase(path.join(noPool.dir, 'printfarm.db'));
    const library = new FileLibrary({ dataDir: noPool.dir, repo: new FilesRepo(db), events: t.events, analyzer: t.analyzer });
    await library.init();
    await library.whenAnalysed(file.id);
    expect(library.get(file.id).analysis.status).toBe('done');
    await library.close();
    db.close();
    fs.rmSync(noPool.dir, { recursive: true, force: true });
  });
});
