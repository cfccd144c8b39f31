// Roll-up to SQLite: batched writes survive a SIGKILL losing at most the last second; history reloads on start; pruning.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../native/sqlite.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { TelemetryRepo } from '../../electron/engine/store/telemetry-repo.js';
import { FarmHistory } from '../../electron/engine/telemetry/history.js';
import { Rollup } from '../../electron/engine/telemetry/rollup.js';
import { SERIES_COUNT } from '../../electron/engine/telemetry/series.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-telemetry-'));
let child: ChildProcess | null = null;

afterAll(() => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) process.kill(child.pid, 'SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

function values(v: number): Float64Array {
  const a = new Float64Array(SERIES_COUNT).fill(NaN);
  a[0] = v;
  return a;
}

describe('telemetry roll-up', () => {
  it('a writer SIGKILLed mid-run loses at most the last completed second', async () => {
    const file = path.join(dir, 'kill.db');
    child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../support/telemetry-rollup-child.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const buckets: number[] = [];
    const killedAt = await new Promise<number>((resolve, reject) => {
      let buffered = '';
      child!.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString();
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          const m = /^feeding (\d+)$/.exec(line);
          if (m) buckets.push(Number(m[1]));
          if (buckets.length === 5) {
            child!.kill('SIGKILL'); // no chance to flush: whatever is in SQLite is what a crash leaves
            resolve(buckets[4]);
          }
        }
      });
      child!.on('exit', (code) => buckets.length < 5 && reject(new Error(`child exited early (${code})`)));
    });
    await new Promise((r) => child!.once('exit', r));

    const db = openDatabase(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = db
      .prepare('SELECT printer_id, bucket, tool_actual FROM telemetry_samples WHERE resolution_ms = 1000 ORDER BY bucket, printer_id')
      .all() as Array<{ printer_id: string; bucket: number; tool_actual: number }>;
    db.close();
    // The child was in second `killedAt` when killed. Every second before killedAt - 1 was closed and its write ran
    // (timers run in order: the write at (b+1)s+5ms precedes the first sample of a later second).
    const first = buckets[0];
    const expected: string[] = [];
    for (let b = first; b <= killedAt - 2; b++) for (const p of ['p0', 'p1', 'p2']) expected.push(`${p}@${b}=${(b % 1000) * 10}`);
    const got = new Set(rows.map((r) => `${r.printer_id}@${r.bucket}=${r.tool_actual}`));
    for (const e of expected) expect(got.has(e), `row ${e} survives the kill`).toBe(true);
    expect(Math.max(...rows.map((r) => r.bucket))).toBeLessThan(killedAt); // the open second cannot be there
  });

  it('restores every tier from SQLite so charts survive a restart, and prunes rows past retention', async () => {
    const file = path.join(dir, 'restore.db');
    const db = openDatabase(file);
    migrate(db);
    const repo = new TelemetryRepo(db);
    const history = new FarmHistory();
    let now = 1_700_000_040_000;
    const rollup = new Rollup({ history, repo, now: () => now, pruneEveryMs: Infinity });
    // 20 minutes at 1 Hz for two printers, ticking like the real schedule.
    for (let i = 0; i < 1200; i++) {
      history.for('a').addValues(now, values(200 + (i % 7)));
      history.for('b').addValues(now, values(60));
      now += 1000;
      rollup.tick(now + 5);
    }
    expect(rollup.stats.batches).toBe(1200); // one transaction per second, not per sample
    const before = ['a', 'b'].map((id) => history.get(id)!.rings.map((r) => r.read()));
    db.close();

    const db2 = openDatabase(file);
    const repo2 = new TelemetryRepo(db2);
    const restored = new FarmHistory();
    new Rollup({ history: restored, repo: repo2, now: () => now }).restore(now);
    const after = ['a', 'b'].map((id) => restored.get(id)!.rings.map((r) => r.read()));
    for (let p = 0; p < 2; p++) for (let t = 0; t < 3; t++) expect([p, t, after[p][t].times.length, after[p][t].times[0]]).toEqual([p, t, before[p][t].times.length, before[p][t].times[0]]);
    expect(after).toEqual(before);

    // The background restore (pages, yielding) gives the same rings, and merges with live data already arriving.
    const background = new FarmHistory();
    background.for('a').addValues(now + 2000, values(150)); // a live sample after the restart
    await new Rollup({ history: background, repo: repo2, now: () => now }).restoreInBackground(now, 500);
    background.for('a').tick(now + 3000);
    const bgA = background.get('a')!.rings[0].read();
    // The 1 s ring keeps 900 buckets: the live one, two empty seconds (the restart), and the newest 897 stored.
    expect(bgA.times.slice(0, -3)).toEqual(before[0][0].times.slice(3));
    expect(bgA.columns[0].slice(0, -3)).toEqual(before[0][0].columns[0].slice(3));
    expect(bgA.columns[0].slice(-3)).toEqual([null, null, 150]);
    expect(background.get('b')!.rings.map((r) => r.read())).toEqual(before[1]);

    // 20 min of 1 s rows is more than the 15 min the 1 s tier keeps: pruning removes the excess.
    expect(repo2.count(1000)).toBe(2400);
    const pruned = new Rollup({ history: restored, repo: repo2, now: () => now }).prune(now);
    expect(repo2.count(1000)).toBe(2 * 900);
    expect(pruned).toBe(2400 - 1800);
    expect(repo2.count(10_000)).toBe(2 * 120);
    db2.close();
  });
});
