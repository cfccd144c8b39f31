// Migrations on a real SQLite file: applied in order, recorded, idempotent, and a failing one leaves no trace.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../native/sqlite.js';
import { loadMigrations, migrate, schemaVersion } from '../../electron/engine/store/migrate.js';
import { SettingsRepo } from '../../electron/engine/store/settings-repo.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('store migrations', () => {
  it('applies the shipped migrations once and records the version', () => {
    const file = path.join(tmp(), 'farm.db');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const applied = migrate(db);
    expect(applied.length).toBe(loadMigrations().length);
    expect(schemaVersion(db)).toBe(Math.max(...applied));
    expect(migrate(db)).toEqual([]);
    db.close();
    const again = openDatabase(file);
    expect(migrate(again)).toEqual([]);
    again.close();
  });

  it('rolls a failing migration back whole and keeps the previous version', () => {
    const db = openDatabase(path.join(tmp(), 'farm.db'));
    const good = { version: 1, name: 'one', sql: 'CREATE TABLE a (x INTEGER);' };
    const bad = { version: 2, name: 'two', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);' };
    expect(() => migrate(db, [good, bad])).toThrow();
    expect(schemaVersion(db)).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all().map((r: any) => r.name);
    expect(tables).toContain('a');
    expect(tables).not.toContain('b');
    db.close();
  });

  it('refuses two migrations with the same number', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, '001-a.sql'), 'SELECT 1;');
    fs.writeFileSync(path.join(dir, '001-b.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/share version 1/);
  });

  it('keeps settings as JSON across reopen', () => {
    const file = path.join(tmp(), 'farm.db');
    const db = openDatabase(file);
    migrate(db);
    new SettingsRepo(db).set('ui.theme', { name: 'dark', scale: 1.25 });
    db.close();
    const reopened = openDatabase(file);
    expect(new SettingsRepo(reopened).get('ui.theme')).toEqual({ name: 'dark', scale: 1.25 });
    reopened.close();
  });
});
