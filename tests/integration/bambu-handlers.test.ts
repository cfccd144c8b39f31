// The `bambu` contract handlers against real drivers: controls reach the printer, the probe reads the certificate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bambu } from '../../electron/shared/contract/bambu.js';
import type { BambuPrinterConfig, PrinterConfig } from '../../electron/shared/contract/printer-config.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../electron/engine/brokers/aedes-broker.js';
import { bambuHandlers } from '../../electron/engine/drivers/bambu/bambu.handlers.js';
import { BambuDriver } from '../../electron/engine/drivers/bambu/driver.js';
import type { PrinterDriver } from '../../electron/engine/drivers/driver.js';
import { createVirtualBambuFactory, type VirtualBambuFactory } from '../../electron/engine/drivers/virtual/bambu/index.js';
import { captureLog, waitForStatus } from '../support/bambu-harness.js';
import { makeTestPki, type TestPki } from '../support/mosquitto.js';

const ctx = { door: 'internal' as const };
let factory: VirtualBambuFactory;
let tlsBroker: EmbeddedBroker;
let pki: TestPki;
let driver: BambuDriver;
const configs = new Map<string, PrinterConfig>();
const drivers = new Map<string, PrinterDriver>();
const lookup = {
  driver: (id: string) => drivers.get(id)!,
  settings: (id: string) => configs.get(id)!,
};
const handlers = () => bambuHandlers(lookup);

beforeAll(async () => {
  factory = createVirtualBambuFactory({ reportsPerSecond: 10 });
  const virtual: BambuPrinterConfig = {
    id: 'v1', name: 'V1', type: 'bambu', virtual: true, tags: [], buildVolume: null, nozzleDiameter: null,
    host: 'virtual.invalid', port: 8883, serial: 'DEMO00000001', model: 'P1S', trustedCertFingerprint: null,
  };
  driver = factory.create(virtual, { log: captureLog().log, dataDir: '/tmp' }) as BambuDriver;
  configs.set('v1', virtual);
  drivers.set('v1', driver);
  await driver.connect();
  await waitForStatus(driver, (s) => s.state !== 'connecting' && s.state !== 'offline', 10_000, 'online');

  pki = makeTestPki('01P00A000000077');
  tlsBroker = await startEmbeddedBroker({ port: null, tls: { key: pki.keyPem, cert: pki.certPem } });
  configs.set('real', {
    id: 'real', name: 'Real', type: 'bambu', virtual: false, tags: [], buildVolume: null, nozzleDiameter: null,
    host: '127.0.0.1', port: tlsBroker.tlsPort!, serial: '01P00A000000077', model: null, trustedCertFingerprint: null,
  });
  configs.set('marlin', { id: 'marlin', name: 'M', type: 'marlin', virtual: false, tags: [], buildVolume: null, nozzleDiameter: null, port: '/dev/null', baud: 115200, usbSerial: null, usbVendorId: null, usbProductId: null, streaming: 'windowed', gcode: { start: '', end: '', pause: '', resume: '', cancel: '' } });
}, 30_000);

afterAll(async () => {
  await driver?.disconnect();
  await factory?.close();
  await tlsBroker?.close();
  pki?.cleanup();
});

describe('bambu handlers', () => {
  it('setSpeedLevel and setLight are acknowledged by the printer and show in status', async () => {
    const input = bambu.setSpeedLevel.input.parse({ id: 'v1', level: 4 });
    expect(await handlers().setSpeedLevel(input, ctx)).toBeNull();
    await waitForStatus(driver, (s) => s.speedLevel === 4, 5000, 'ludicrous');
    expect(await handlers().setLight({ id: 'v1', node: 'work_light', on: true }, ctx)).toBeNull();
    const printer = await factory.printer('DEMO00000001')!;
    expect(printer.requestsFor('ledctrl').at(-1)).toMatchObject({ system: { led_node: 'work_light', led_mode: 'on' } });
  });

  it('setAmsFilament checks the nozzle range and reaches the printer', async () => {
    const base = { id: 'v1', amsId: 0, trayId: 1, material: 'PETG', color: '#112233', trayInfoIdx: 'GFG99', nozzleTempMin: 260, nozzleTempMax: 230 };
    await expect(Promise.resolve().then(() => handlers().setAmsFilament(base, ctx))).rejects.toMatchObject({ code: 'invalid-input' });
    await handlers().setAmsFilament({ ...base, nozzleTempMin: 220, nozzleTempMax: 260 }, ctx);
    const printer = await factory.printer('DEMO00000001')!;
    expect(printer.requestsFor('ams_filament_setting').at(-1)).toMatchObject({ print: { tray_id: 1, tray_color: '112233FF', tray_type: 'PETG' } });
  });

  it('AMS control and load/unload reach the printer', async () => {
    await handlers().amsControl(bambu.amsControl.input.parse({ id: 'v1', action: 'resume' }), ctx);
    const printer = await factory.printer('DEMO00000001')!;
    expect(printer.requestsFor('ams_control').at(-1)).toMatchObject({ print: { param: 'resume' } });
    expect(bambu.amsChangeFilament.input.safeParse({ id: 'v1', load: { amsId: 9, slotId: 0 } }).success).toBe(false);
  });

  it('probeCertificate reads the fingerprint without logging in; refuses virtual and non-Bambu printers', async () => {
    const info = await handlers().probeCertificate({ id: 'real' }, ctx);
    expect(bambu.probeCertificate.output.parse(info)).toMatchObject({ fingerprint256: pki.fingerprint256, verified: false });
    expect(tlsBroker.clientIds()).toEqual([]);
    await expect(Promise.resolve().then(() => handlers().probeCertificate({ id: 'v1' }, ctx))).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(Promise.resolve().then(() => handlers().probeCertificate({ id: 'marlin' }, ctx))).rejects.toMatchObject({ code: 'invalid-input' });
  });
});
