// The envelope and input validation every door shares: a wrong argument gives invalid-input naming the field.
import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../electron/engine/dispatch.js';
import { MetricsRegistry } from '../../electron/engine/metrics/registry.js';
import { FarmError } from '../../electron/shared/contract/envelope.js';
import { findMethod, listMethods } from '../../electron/shared/contract/index.js';

const quietLog = { info() {}, warn() {}, error() {} };

function dispatcherWithPrinters(impl: Partial<Record<string, (input: any) => unknown>> = {}) {
  const metrics = new MetricsRegistry();
  const d = new Dispatcher(metrics, quietLog);
  d.register('app', {
    info: () => ({ name: 'PrintFarm', version: '1', uptimeSeconds: 1, dataDir: '/x', mode: 'headless' as const, node: 'v20', platform: 'linux', demo: false }),
  });
  d.register('printers', {
    list: () => [],
    get: ({ id }: { id: string }) => {
      throw new FarmError('not-found', `There is no printer '${id}'.`);
    },
    gcode: (input: any) => (impl.gcode ? impl.gcode(input) : null),
    terminal: () => {
      throw new Error('disk on fire');
    },
  } as any);
  return { d, metrics };
}

describe('contract dispatch', () => {
  it('returns the value in an ok envelope', async () => {
    const { d } = dispatcherWithPrinters();
    const result = await d.call('app.info', undefined, { door: 'internal' });
    expect(result).toMatchObject({ ok: true, value: { name: 'PrintFarm' } });
  });

  it('accepts {} and nothing for an empty input, but rejects unknown keys', async () => {
    const { d } = dispatcherWithPrinters();
    expect((await d.call('app.info', {}, { door: 'internal' })).ok).toBe(true);
    const bad = await d.call('app.info', { verbose: true }, { door: 'internal' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('invalid-input');
  });

  it('names the wrong field in invalid-input', async () => {
    const { d } = dispatcherWithPrinters();
    const result = await d.call('printers.gcode', { id: 'p1', gcode: 42 }, { door: 'http' });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-input');
      expect(result.error.message).toContain('gcode');
    }
    const missing = await d.call('printers.gcode', { gcode: 'G28' }, { door: 'http' });
    if (!missing.ok) expect(missing.error.message).toContain('id');
    else expect.fail('missing id must be rejected');
  });

  it('rejects a G-code longer than the contract allows before it reaches a handler', async () => {
    let reached = false;
    const { d } = dispatcherWithPrinters({ gcode: () => ((reached = true), null) });
    const result = await d.call('printers.gcode', { id: 'p1', gcode: 'G1 X1\n'.repeat(2000) }, { door: 'ws' });
    expect(result.ok).toBe(false);
    expect(reached).toBe(false);
  });

  it('converts a FarmError into its code and sentence, and any other error into internal', async () => {
    const { d } = dispatcherWithPrinters();
    const notFound = await d.call('printers.get', { id: 'nope' }, { door: 'ipc' });
    expect(notFound).toEqual({ ok: false, error: { code: 'not-found', message: "There is no printer 'nope'." } });
    const internal = await d.call('printers.terminal', { id: 'p1' }, { door: 'ipc' });
    expect(internal.ok).toBe(false);
    if (!internal.ok) expect(internal.error.code).toBe('internal');
  });

  it('answers unknown-method for methods that are not in the contract, including prototype names', async () => {
    const { d } = dispatcherWithPrinters();
    for (const name of ['nope.nothing', 'app.constructor', 'app.__proto__', 'toString', '']) {
      const result = await d.call(name, undefined, { door: 'http' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unknown-method');
    }
  });

  it('times every call per door and method', async () => {
    const { d, metrics } = dispatcherWithPrinters();
    await d.call('app.info', undefined, { door: 'ws' });
    await d.call('app.info', undefined, { door: 'ws' });
    await d.call('printers.gcode', { bad: 1 }, { door: 'http' });
    const snap = metrics.snapshot();
    expect(snap.calls['ws:app.info'].count).toBe(2);
    expect(snap.calls['http:printers.gcode'].count).toBe(1);
  });

  it('lists every method of the contract with a summary and schemas', () => {
    const methods = listMethods();
    expect(methods.map((m) => m.method)).toEqual(expect.arrayContaining(['app.info', 'host.metrics', 'metrics.snapshot', 'printers.list']));
    for (const { entry } of methods) {
      expect(entry.summary.length).toBeGreaterThan(5);
      expect(findMethod('app.info')).toBeDefined();
    }
  });
});
