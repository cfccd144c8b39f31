// Demo mode: the virtual Bambu driver factory (real driver + shared aedes) and createDemoBambu for many printers.
import { afterAll, describe, expect, it } from 'vitest';
import type { BambuPrinterConfig } from '../../electron/shared/contract/printer-config.js';
import { PrinterStatus } from '../../electron/shared/contract/printer-status.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../electron/engine/brokers/aedes-broker.js';
import { BambuDriver } from '../../electron/engine/drivers/bambu/driver.js';
import { registerBambuDriver } from '../../electron/engine/drivers/bambu/index.js';
import { DriverRegistry } from '../../electron/engine/drivers/registry.js';
import { createDemoBambu, createVirtualBambuFactory, type DemoBambuFarm } from '../../electron/engine/drivers/virtual/bambu/index.js';
import { probeBambuCertificate } from '../../electron/engine/drivers/bambu/index.js';
import { startStandaloneVirtualBambu } from '../../electron/engine/drivers/virtual/bambu/index.js';
import { captureLog, tempDir, waitForStatus } from '../support/bambu-harness.js';
import { makeTestPki } from '../support/mosquitto.js';
import fs from 'node:fs';
import path from 'node:path';

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('virtual Bambu for demo mode', () => {
  it('the factory drives a virtual printer through the real driver and reports a moving job', async () => {
    const factory = createVirtualBambuFactory({ reportsPerSecond: 10, timeScale: 60 });
    cleanups.push(() => factory.close());
    const config: BambuPrinterConfig = {
      id: 'demo-003', name: 'P1S #3', type: 'bambu', virtual: true, tags: ['demo'], buildVolume: null, nozzleDiameter: null,
      host: 'virtual.invalid', port: 8883, serial: 'DEMO00000003', model: 'P1S', trustedCertFingerprint: null,
    };
    const driver = factory.create(config, { log: captureLog().log, dataDir: '/tmp' }) as BambuDriver;
    cleanups.push(() => driver.disconnect());
    await driver.connect();
    const printing = await waitForStatus(driver, (s) => s.state === 'printing' && (s.job?.progress ?? 0) > 0, 15_000, 'printing');
    expect(PrinterStatus.safeParse(printing).success).toBe(true);
    const printer = await factory.printer('DEMO00000003')!;
    printer.raiseHms(0x0c000300, 0x00030008);
    const spaghetti = await waitForStatus(driver, (s) => s.faults.some((f) => f.code === '0C00_0300_0003_0008'), 5000, 'hms');
    expect(spaghetti.faults[0]!.message).toMatch(/spaghetti/);
    expect(printing.chamber).toBeNull(); // P1S: no chamber sensor

    const x1: BambuPrinterConfig = { ...config, id: 'demo-004', serial: 'DEMO00000004', model: 'X1C' };
    const x1Driver = factory.create(x1, { log: captureLog().log, dataDir: '/tmp' }) as BambuDriver;
    cleanups.push(() => x1Driver.disconnect());
    await x1Driver.connect();
    const x1Status = await waitForStatus(x1Driver, (s) => s.state !== 'connecting' && s.state !== 'offline', 10_000, 'x1 online');
    expect(x1Status.chamber?.actual).toBe(28);
  });

  it('registerBambuDriver refuses plain MQTT for a real (non-virtual) printer', () => {
    const registry = new DriverRegistry();
    registerBambuDriver(registry, { virtualTransport: 'tcp' });
    expect(registry.types()).toContain('bambu');
    const real = registry.create(
      { id: 'real', name: 'Real', type: 'bambu', virtual: false, tags: [], buildVolume: null, nozzleDiameter: null, host: '10.0.0.9', port: 8883, serial: '01P00A000000009', model: null, accessCode: '1', trustedCertFingerprint: null },
      { log: captureLog().log, dataDir: '/tmp' },
    );
    expect(real.type).toBe('bambu');
    expect(() => new BambuDriver({ id: 'x', name: 'x', type: 'bambu', virtual: false, tags: [], buildVolume: null, nozzleDiameter: null, host: 'h', port: 1, serial: 's', model: null, trustedCertFingerprint: null }, { log: captureLog().log, dataDir: '/tmp' }, { transport: 'tcp' })).toThrow(/only for virtual/);
  });

  it('standalone virtual printer (own TLS broker + FTPS): trust flow, then upload and print', async () => {
    const serial = '01S00C000000042';
    const pki = makeTestPki(serial);
    cleanups.push(async () => pki.cleanup());
    const lan = await startStandaloneVirtualBambu({ serial, accessCode: '24681357', key: pki.keyPem, cert: pki.certPem, reportIntervalMs: 100, timeScale: 20, model: 'P1P' });
    cleanups.push(() => lan.close());
    const config: BambuPrinterConfig = {
      id: 'lan', name: 'LAN P1P', type: 'bambu', virtual: false, tags: [], buildVolume: null, nozzleDiameter: null,
      host: lan.host, port: lan.mqttPort, serial, model: null, accessCode: '24681357', trustedCertFingerprint: null,
    };
    // Step 1: the test CA is not Bambu's, so the driver refuses and shows the certificate.
    const first = new BambuDriver(config, { log: captureLog().log, dataDir: '/tmp' }, { ftpsPort: lan.ftpsPort });
    await expect(first.connect()).rejects.toMatchObject({ code: 'rejected' });
    const shown = first.status().untrustedCertificate!;
    expect(shown.fingerprint256).toBe((await probeBambuCertificate(config)).fingerprint256);
    await first.disconnect();
    // Step 2: the user trusts exactly that certificate.
    const trusted = new BambuDriver({ ...config, trustedCertFingerprint: shown.fingerprint256 }, { log: captureLog().log, dataDir: '/tmp' }, { ftpsPort: lan.ftpsPort });
    cleanups.push(() => trusted.disconnect());
    await trusted.connect();
    await waitForStatus(trusted, (s) => s.state === 'idle', 10_000, 'idle');
    expect(trusted.printerModel).toBe('P1P');
    const dir = tempDir('bambu-lan-');
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    fs.copyFileSync(path.join(import.meta.dirname, '../fixtures/bambu/two-plates.gcode.3mf'), path.join(dir, 'clip.gcode.3mf'));
    await trusted.startPrint({ source: path.join(dir, 'clip.gcode.3mf'), remoteName: 'clip.gcode.3mf', plate: 1, amsMapping: [1], idempotencyKey: 'lan-1', expiresAt: Date.now() + 60_000 });
    expect(lan.files.get('clip.gcode.3mf')).toEqual(fs.readFileSync(path.join(dir, 'clip.gcode.3mf')));
    await waitForStatus(trusted, (s) => s.state === 'printing', 10_000, 'printing');
    expect(lan.dropConnections()).toBe(1);
    await waitForStatus(trusted, (s) => s.state === 'offline', 5000, 'dropped');
    await waitForStatus(trusted, (s) => s.state === 'printing', 10_000, 'printing again (pinned certificate reused)');
  });

  it('createDemoBambu: 30 printers on one broker, every driver online with AMS data', async () => {
    const broker: EmbeddedBroker = await startEmbeddedBroker({});
    cleanups.push(() => broker.close());
    const farm: DemoBambuFarm = await createDemoBambu({ broker, count: 30, reportsPerSecond: 2 });
    cleanups.push(() => farm.close());
    const registry = new DriverRegistry();
    registerBambuDriver(registry, { virtualTransport: 'tcp' });
    const drivers = farm.configs.map((c) => registry.create(c, { log: captureLog().log, dataDir: '/tmp' }) as BambuDriver);
    cleanups.push(async () => void (await Promise.all(drivers.map((d) => d.disconnect()))));
    await Promise.all(drivers.map((d) => d.connect()));
    const statuses = await Promise.all(drivers.map((d) => waitForStatus(d, (s) => s.state === 'printing' || s.state === 'preparing', 10_000, 'busy')));
    expect(new Set(farm.configs.map((c) => c.serial)).size).toBe(30);
    expect(statuses.every((s) => s.ams[0]?.trays.length === 4)).toBe(true);
  });
});
