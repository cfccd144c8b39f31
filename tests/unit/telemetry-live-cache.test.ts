// Live cache: latest status per printer, versions, and "what changed since v" including removals.
import { describe, expect, it } from 'vitest';
import { LiveCache } from '../../electron/engine/telemetry/live-cache.js';
import { emptyStatus } from '../../electron/shared/contract/printer-status.js';
import { TerminalRing } from '../../electron/engine/printers/terminal-ring.js';

describe('LiveCache', () => {
  it('keeps only the latest status and bumps a per-printer version on each update', () => {
    const c = new LiveCache();
    const v1 = c.update('a', emptyStatus('idle'));
    const v2 = c.update('b', emptyStatus('idle'));
    const v3 = c.update('a', emptyStatus('printing'));
    expect([v1, v2, v3]).toEqual([1, 2, 3]);
    expect(c.get('a')!.state).toBe('printing');
    expect(c.versionOf('a')).toBe(3);
    expect(c.versionOf('b')).toBe(2);
    expect(c.size).toBe(2);
  });

  it('changedSince returns each changed printer once, oldest first, and nothing when up to date', () => {
    const c = new LiveCache();
    for (const id of ['a', 'b', 'c', 'd']) c.update(id, emptyStatus('idle'));
    const mark = c.version;
    c.update('b', emptyStatus('printing'));
    c.update('d', emptyStatus('paused'));
    c.update('b', emptyStatus('finished'));
    expect(c.changedSince(mark).map((x) => [x.id, x.status?.state])).toEqual([
      ['d', 'paused'],
      ['b', 'finished'],
    ]);
    expect(c.changedSince(c.version)).toEqual([]);
    expect(c.changedSince(0).map((x) => x.id).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports a removal as a change with status null, and compacts old tombstones', () => {
    const c = new LiveCache();
    c.update('a', emptyStatus('idle'));
    c.update('b', emptyStatus('idle'));
    const mark = c.version;
    c.remove('a');
    expect(c.changedSince(mark)).toEqual([{ id: 'a', status: null, version: 3 }]);
    expect(c.all().map((e) => e.id)).toEqual(['b']);
    c.compactTombstones(c.version + 1);
    expect(c.changedSince(0).map((x) => x.id)).toEqual(['b']);
  });

  it('is O(1) per update: 100,000 updates over 500 printers keep exactly 500 entries', () => {
    const c = new LiveCache();
    const s = emptyStatus('printing');
    for (let i = 0; i < 100_000; i++) c.update(`p${i % 500}`, s);
    expect(c.size).toBe(500);
    expect(c.changedSince(c.version - 10)).toHaveLength(10);
  });
});

describe('TerminalRing (printers service, 10,000 lines)', () => {
  it('keeps the newest lines only, oldest first', () => {
    const ring = new TerminalRing();
    for (let i = 0; i < 25_000; i++) ring.push({ at: i, direction: 'received', text: `ok ${i}` });
    expect(ring.length).toBe(10_000);
    const tail = ring.tail();
    expect(tail[0].text).toBe('ok 15000');
    expect(tail.at(-1)!.text).toBe('ok 24999');
    expect(ring.tail(3).map((l) => l.at)).toEqual([24997, 24998, 24999]);
  });
});
