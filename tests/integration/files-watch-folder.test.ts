// The watched import folder with real chokidar on a temp dir: new G-code lands in the library once, other files do not.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WatchSettings } from '../../electron/shared/contract/files.js';
import { WatchFolder } from '../../electron/engine/files/library/watch-folder.js';
import { FIXTURES, makeLibrary, type TestLibrary } from '../support/files-library.js';

const quietLog = { info() {}, warn() {} };

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gave up waiting for ${what}`);
}

let t: TestLibrary;
let inbox: string;
let stored: WatchSettings | undefined;
const settings = { get: () => stored, set: (v: WatchSettings) => void (stored = v) };

beforeEach(async () => {
  t = await makeLibrary();
  inbox = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-inbox-'));
  stored = undefined;
});
afterEach(async () => {
  await t.close();
  fs.rmSync(inbox, { recursive: true, force: true });
});

describe('watched folder', () => {
  it('imports new G-code files into the chosen library folder, ignores other files, and survives a restart', async () => {
    fs.writeFileSync(path.join(inbox, 'already-there.gcode'), 'G28\n');
    const watcher = new WatchFolder({ library: t.library, repo: t.repo, settings, log: quietLog, stableMs: 150 });
    await expect(watcher.apply({ enabled: true, path: path.join(inbox, 'missing'), folder: '' })).rejects.toMatchObject({ code: 'not-found' });
    const state = await watcher.apply({ enabled: true, path: inbox, folder: 'Inbox' });
    expect(state).toMatchObject({ enabled: true, watching: true, folder: 'Inbox', error: null });

    fs.copyFileSync(path.join(FIXTURES, 'v2_ender3_box_028_absE.gcode'), path.join(inbox, 'box.gcode'));
    fs.writeFileSync(path.join(inbox, 'model.stl'), 'solid x\n');
    fs.writeFileSync(path.join(inbox, 'notes.txt'), 'hello\n');
    await until(() => t.library.list({ folder: 'Inbox' }).files.length === 2, 'two imports');
    await watcher.idle();
    const names = t.library.list({ folder: 'Inbox' }).files.map((f) => f.name).sort();
    expect(names).toEqual(['already-there.gcode', 'box.gcode']);
    expect(t.library.list({ folder: 'Inbox' }).files.every((f) => f.source === 'watch')).toBe(true);
    await watcher.stop();

    // The user deletes one from the library; a restart must not bring it back.
    const box = t.library.list({ folder: 'Inbox' }).files.find((f) => f.name === 'box.gcode')!;
    await t.library.delete(box.id);
    const again = new WatchFolder({ library: t.library, repo: t.repo, settings, log: quietLog, stableMs: 150 });
    await again.start();
    expect(again.state().watching).toBe(true);
    fs.writeFileSync(path.join(inbox, 'new-after-restart.gcode'), 'G28\nG1 X5\n');
    await until(() => t.library.list({ folder: 'Inbox' }).files.some((f) => f.name === 'new-after-restart.gcode'), 'the new file');
    await again.idle();
    expect(t.library.list({ folder: 'Inbox' }).files.map((f) => f.name).sort()).toEqual(['already-there.gcode', 'new-after-restart.gcode']);

    const off = await again.apply({ enabled: false, path: inbox, folder: 'Inbox' });
    expect(off.watching).toBe(false);
    await again.stop();
  });
});
