// The renderer's farm store: only patched cards get new objects (so only they re-render); version gaps are caught.
import { describe, expect, it } from 'vitest';
import { FarmStore } from '../../renderer/src/features/farm/farm-store.js';
import type { FarmCard } from '../../electron/shared/contract/telemetry-types.js';

const card = (id: string, name: string, extra: Partial<FarmCard> = {}): FarmCard => ({
  id, name, model: null, type: 'marlin', virtual: true, state: 'printing', message: null, stateSince: 0, jobName: 'a.gcode',
  progress: 1, layer: 1, totalLayers: 10, remainingMinutes: 5, toolActual: 215, toolTarget: 215, bedActual: 60, bedTarget: 60,
  materialName: null, materialColor: null, faultCount: 0, ...extra,
});

describe('FarmStore', () => {
  it('keeps untouched cards identical and replaces only patched ones', () => {
    const store = new FarmStore();
    store.apply({ full: true, fromVersion: 0, toVersion: 10, changed: [card('a', 'Alpha'), card('b', 'Beta'), card('c', 'Gamma 10'), card('d', 'Gamma 9')], removed: [] });
    const before = store.getSnapshot();
    expect(before.order).toEqual(['a', 'b', 'd', 'c']); // numeric-aware name order
    expect(store.apply({ full: false, fromVersion: 10, toVersion: 12, changed: [{ id: 'b', progress: 50 }], removed: [] })).toBe(true);
    const after = store.getSnapshot();
    expect(after).not.toBe(before);
    expect(after.cards.get('a')).toBe(before.cards.get('a'));
    expect(after.cards.get('b')).not.toBe(before.cards.get('b'));
    expect(after.cards.get('b')!.progress).toBe(50);
    expect(after.order).toBe(before.order); // membership unchanged: same order array, no re-sort
  });

  it('reports a version gap (a dropped push) so the view re-reads the snapshot; ignores pushes it already has', () => {
    const store = new FarmStore();
    store.apply({ full: true, fromVersion: 0, toVersion: 10, changed: [card('a', 'A')], removed: [] });
    expect(store.apply({ full: false, fromVersion: 15, toVersion: 20, changed: [{ id: 'a', progress: 9 }], removed: [] })).toBe(false);
    expect(store.getSnapshot().cards.get('a')!.progress).toBe(1);
    expect(store.apply({ full: false, fromVersion: 5, toVersion: 9, changed: [{ id: 'a', progress: 7 }], removed: [] })).toBe(true);
    expect(store.getSnapshot().cards.get('a')!.progress).toBe(1);
    // A diff whose base is older than the snapshot but ends after it still applies (it carries every changed field).
    expect(store.apply({ full: false, fromVersion: 8, toVersion: 14, changed: [{ id: 'a', progress: 8 }], removed: [] })).toBe(true);
    expect(store.getSnapshot().version).toBe(14);
  });

  it('adds and removes printers', () => {
    const store = new FarmStore();
    store.apply({ full: true, fromVersion: 0, toVersion: 1, changed: [card('a', 'A')], removed: [] });
    store.apply({ full: false, fromVersion: 1, toVersion: 3, changed: [card('b', 'B')], removed: ['a'] });
    expect(store.getSnapshot().order).toEqual(['b']);
  });
});
