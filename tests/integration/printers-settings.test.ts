// printers.update / settings / trustCertificate / ports through the real handlers, PrinterService and a SQLite file:
// a change is stored before success is reported, the driver is re-created only when it must be (and not mid-print).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from '../../native/sqlite.js';
import { emptyStatus, type PrinterStatus } from '../../electron/shared/contract/printer-status.js';
import type { PrinterConfig } from '../../electron/shared/contract/printer-config.js';
import { EventBus } from '../../electron/engine/bus.js';
import type { PrinterDriver, TerminalLine } from '../../electron/engine/drivers/driver.js';
import { DriverRegistry } from '../../electron/engine/drivers/registry.js';
import { PrinterService, type SecretStore } from '../../electron/engine/printers/printer-service.js';
import { printersHandlers } from '../../electron/engine/printers/printers.handlers.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { PrintersRepo } from '../../electron/engine/store/printers-repo.js';

/** A hand-written fake driver: records the config it was built with, and lets the test set its state. */
class FakeDriver implements PrinterDriver {
  readonly capabilities = { sdCard: false, ams: false, emergencyStop: true, rawGcode: true, upload: false };
  current: PrinterStatus = emptyStatus('idle');
  connects = 0;
  disconnected = false;
  private readonly listeners = new Set<(s: PrinterStatus) => void>();
  constructor(readonly config: PrinterConfig) {}
  get id() { return this.config.id; }
  get type() { return this.config.type; }
  async connect() { this.connects++; this.setState('idle'); }
  async disconnect() { this.disconnected = true; }
  status() { return this.current; }
  onStatus(l: (s: PrinterStatus) => void) { this.listeners.add(l); return () => this.listeners.delete(l); }
  onTerminal(_l: (line: TerminalLine) => void) { return () => undefined; }
  setState(state: PrinterStatus['state']) { this.current = { ...emptyStatus(state) }; for (const l of this.listeners) l(this.current); }
  async sendGcode() {}
  async pause() {}
  async resume() {}
  async cancel() {}
  async emergencyStop() {}
}

describe('printers settings', () => {
  let dir: string;
  let db: SqliteDatabase;
  let drivers: FakeDriver[];
  let secrets: Map<string, string>;
  let handlers: ReturnType<typeof printersHandlers>;
  let service: PrinterService;
  const ctx = { door: 'internal' as const };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'printers-settings-'));
    db = openDatabase(path.join(dir, 'farm.db'));
    migrate(db);
    drivers = [];
    const registry = new DriverRegistry();
    const make = (config: PrinterConfig) => { const d = new FakeDriver(config); drivers.push(d); return d; };
    registry.register('marlin', make);
    registry.register('bambu', make);
    secrets = new Map();
    const store: SecretStore = { get: (k) => secrets.get(k) ?? null, set: (k, v) => void secrets.set(k, v), delete: (k) => void secrets.delete(k) };
    const log = { info() {}, warn() {}, error() {}, debug() {} } as never;
    service = new PrinterService({ repo: new PrintersRepo(db), registry, bus: new EventBus(), log, dataDir: dir, secrets: store });
    await service.start();
    handlers = printersHandlers(service, {
      listPorts: async () => [
        { path: '/dev/ttyACM0', manufacturer: 'Prusa Research', serialNumber: 'CZPX1234', vendorId: '2c99', productId: '0002' },
        { path: '/dev/ttyS0', manufacturer: null, serialNumber: null, vendorId: null, productId: null },
      ],
    });
  });
  afterEach(async () => {
    await service.stop();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const storedConfig = (id: string) => new PrintersRepo(db).all().printers.find((p) => p.id === id)!;

  it('stores name/tags/volume without touching the connection', async () => {
    await handlers.add({ type: 'marlin', name: 'MK3S', port: '/dev/ttyACM0' } as never, ctx);
    const result = await handlers.update({ id: 'mk3s', patch: { name: 'MK3S left', tags: ['left', ' PLA ', 'left'], buildVolume: { x: 250, y: 210, z: 210 }, nozzleDiameter: 0.4 } }, ctx);
    expect(result.reconnected).toBe(false);
    expect(drivers).toHaveLength(1);
    expect(storedConfig('mk3s')).toMatchObject({ name: 'MK3S left', tags: ['left', 'PLA'], buildVolume: { x: 250, y: 210, z: 210 }, nozzleDiameter: 0.4 });
    expect((await handlers.settings({ id: 'mk3s' }, ctx)).name).toBe('MK3S left');
  });

  it('re-creates the driver for new G-code snippets when idle, keeps the other snippets', async () => {
    await handlers.add({ type: 'marlin', name: 'Ender', port: '/dev/ttyUSB0' } as never, ctx);
    const result = await handlers.update({ id: 'ender', patch: { gcode: { start: 'G28\nG29' }, streaming: 'ping-pong' } }, ctx);
    expect(result).toMatchObject({ reconnected: true, appliesAfterPrint: false });
    expect(drivers).toHaveLength(2);
    expect(drivers[0].disconnected).toBe(true);
    const latest = drivers[1].config;
    expect(latest.type === 'marlin' && latest.gcode.start).toBe('G28\nG29');
    expect(latest.type === 'marlin' && latest.gcode.cancel).toContain('M104 S0');
    expect(storedConfig('ender')).toMatchObject({ streaming: 'ping-pong', gcode: { start: 'G28\nG29' } });
  });

  it('never drops the link mid-print: stores now, applies on the next connect', async () => {
    await handlers.add({ type: 'marlin', name: 'Voron', port: '/dev/ttyACM1' } as never, ctx);
    drivers[0].setState('printing');
    const result = await handlers.update({ id: 'voron', patch: { baud: 250000 } }, ctx);
    expect(result).toMatchObject({ reconnected: false, appliesAfterPrint: true });
    expect(drivers).toHaveLength(1);
    expect(storedConfig('voron')).toMatchObject({ baud: 250000 });
    await handlers.connect({ id: 'voron' }, ctx);
    expect(drivers).toHaveLength(2);
    expect(drivers[1].config).toMatchObject({ baud: 250000 });
  });

  it('refuses fields of the other printer type, in words', async () => {
    await handlers.add({ type: 'bambu', name: 'P1S', host: '192.168.1.40', serial: '01P00A123456789', accessCode: '12345678' } as never, ctx);
    await expect(handlers.update({ id: 'p1s', patch: { gcode: { start: 'G28' } } }, ctx)).rejects.toThrow(/cannot be set on a Bambu printer/);
  });

  it('keeps a new access code in the secret store only, and pins a trusted certificate', async () => {
    await handlers.add({ type: 'bambu', name: 'X1C', host: '192.168.1.41', serial: '00M00A123456789', accessCode: '11111111' } as never, ctx);
    await handlers.update({ id: 'x1c', patch: { accessCode: '22222222' } }, ctx);
    expect(secrets.get('printer/x1c/accessCode')).toBe('22222222');
    expect(JSON.stringify(storedConfig('x1c'))).not.toContain('22222222');
    expect(drivers.at(-1)!.config).toMatchObject({ accessCode: '22222222' });
    expect('accessCode' in (await handlers.settings({ id: 'x1c' }, ctx))).toBe(false);

    const fp = 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89';
    await handlers.trustCertificate({ id: 'x1c', fingerprint: fp }, ctx);
    expect(storedConfig('x1c')).toMatchObject({ trustedCertFingerprint: fp });
    expect(drivers.at(-1)!.config).toMatchObject({ trustedCertFingerprint: fp, accessCode: '22222222' });
  });

  it('resumes an interrupted job only through a driver that can, passing the chosen point', async () => {
    await handlers.add({ type: 'marlin', name: 'Plain', port: '/dev/ttyUSB3' } as never, ctx);
    await expect(handlers.resumeInterrupted({ id: 'plain', from: { kind: 'last-layer' } }, ctx)).rejects.toThrow(/cannot resume an interrupted job/);
    const calls: unknown[] = [];
    Object.assign(drivers[0], { resumeInterrupted: async (from: unknown) => void calls.push(from) });
    await handlers.resumeInterrupted({ id: 'plain', from: { kind: 'line', line: 1234 } }, ctx);
    expect(calls).toEqual([{ kind: 'line', line: 1234 }]);
  });

  it('lists ports with USB identity and the printer already using each', async () => {
    await handlers.add({ type: 'marlin', name: 'MK3S', port: '/dev/ttyACM7', usbSerial: 'CZPX1234' } as never, ctx);
    const ports = await handlers.ports({}, ctx);
    expect(ports[0]).toEqual({ path: '/dev/ttyACM0', manufacturer: 'Prusa Research', serialNumber: 'CZPX1234', vendorId: '2c99', productId: '0002', printerId: 'mk3s' });
    expect(ports[1]).toMatchObject({ path: '/dev/ttyS0', printerId: null });
  });
});
