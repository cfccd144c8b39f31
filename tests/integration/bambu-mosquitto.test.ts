// Driver ↔ virtual Bambu printer through Debian Mosquitto with TLS (printer-style cert, CN = serial) and a password file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FarmError } from '../../electron/shared/contract/envelope.js';
import type { BambuPrinterConfig } from '../../electron/shared/contract/printer-config.js';
import { PrinterStatus } from '../../electron/shared/contract/printer-status.js';
import { BambuDriver } from '../../electron/engine/drivers/bambu/driver.js';
import { mqttClientLink, VirtualBambuPrinter } from '../../electron/engine/drivers/virtual/bambu/index.js';
import { captureLog, sleep, tempDir, waitForStatus } from '../support/bambu-harness.js';
import { makeTestPki, startMosquitto, type Mosquitto, type TestPki } from '../support/mosquitto.js';

const SERIAL = '01P00A000000002';
const CODE = '87654321';

let pki: TestPki;
let mosquitto: Mosquitto;
let printer: VirtualBambuPrinter;
const drivers: BambuDriver[] = [];

function makeDriver(overrides: Partial<BambuPrinterConfig> = {}) {
  const log = captureLog();
  const config: BambuPrinterConfig = {
    id: `mosq-${drivers.length}`, name: 'Mosquitto P1S', type: 'bambu', virtual: false, tags: [], buildVolume: null, nozzleDiameter: null,
    host: '127.0.0.1', port: mosquitto.port, serial: SERIAL, model: null, accessCode: CODE, trustedCertFingerprint: null, ...overrides,
  };
  const driver = new BambuDriver(config, { log: log.log, dataDir: tempDir('bambu-mosq-data-') }, {
    extraCa: [pki.caPem], watchdogMs: 1500, ackTimeoutMs: 4000, reconnect: { baseMs: 200, maxMs: 600 }, clientIdPrefix: `mosq${drivers.length}`,
  });
  drivers.push(driver);
  return { driver, log };
}

beforeAll(async () => {
  pki = makeTestPki(SERIAL);
  // The printer side logs in as its own user; the driver uses bblp + access code like on a real printer.
  mosquitto = await startMosquitto(pki, { bblp: CODE, printer: 'printer-secret' });
  const link = await mqttClientLink(`mqtts://127.0.0.1:${mosquitto.port}`, {
    username: 'printer', password: 'printer-secret', ca: pki.caPem, servername: SERIAL, clientId: `virtual-${SERIAL}`,
  });
  printer = await VirtualBambuPrinter.start({ serial: SERIAL, link, reportIntervalMs: 100, timeScale: 10, job: { durationSeconds: 30, totalLayers: 15 }, sim: { prepareSeconds: 2 } });
}, 60_000);

afterAll(async () => {
  await Promise.all(drivers.map((d) => d.disconnect()));
  await printer?.close();
  await mosquitto?.stop(); // by PID
  pki?.cleanup();
});

describe('bambu driver over Debian mosquitto (TLS + password)', () => {
  let main: BambuDriver;

  it('connects, pushall, full state', async () => {
    ({ driver: main } = makeDriver());
    await main.connect();
    const status = await waitForStatus(main, (s) => s.state === 'idle', 10_000, 'idle');
    expect(PrinterStatus.safeParse(status).success).toBe(true);
    expect(status.ams[0]!.trays).toHaveLength(4);
  });

  it('a whole print with pause/resume, then stop on the next one', async () => {
    await main.startPrint({ remoteName: 'part.gcode.3mf', plate: 1, amsMapping: [0], idempotencyKey: 'm-1', expiresAt: Date.now() + 60_000 });
    await waitForStatus(main, (s) => s.state === 'printing', 10_000, 'printing');
    await main.pause();
    await waitForStatus(main, (s) => s.state === 'paused', 5000, 'paused');
    await main.resume();
    await waitForStatus(main, (s) => s.state === 'printing', 5000, 'resumed');
    const done = await waitForStatus(main, (s) => s.state === 'finished', 20_000, 'finished');
    expect(done.job?.layer).toBe(15);

    await main.startPrint({ remoteName: 'part.gcode.3mf', plate: 1, amsMapping: [0], idempotencyKey: 'm-2', expiresAt: Date.now() + 60_000 });
    await waitForStatus(main, (s) => s.state === 'printing', 10_000, 'printing 2');
    await main.cancel();
    expect((await waitForStatus(main, (s) => s.state === 'failed', 5000, 'stopped')).message).toBe('The print was cancelled.');
  });

  it('broker restart mid-print: offline, then reconnect and the print continues', async () => {
    await main.startPrint({ remoteName: 'part.gcode.3mf', plate: 1, amsMapping: [0], idempotencyKey: 'm-3', expiresAt: Date.now() + 60_000 });
    const before = await waitForStatus(main, (s) => s.state === 'printing' && (s.job?.progress ?? 0) > 1, 10_000, 'printing');
    await mosquitto.restart();
    await waitForStatus(main, (s) => s.state === 'offline', 8000, 'offline');
    const after = await waitForStatus(main, (s) => s.state === 'printing' && (s.job?.progress ?? 0) > before.job!.progress, 20_000, 'printing after restart');
    expect(after.job?.name).toBe('part');
    expect(printer.requestsFor('project_file')).toHaveLength(3); // the start was not replayed by the reconnect
    await main.cancel();
  });

  it('wrong access code is rejected in words', async () => {
    const { driver } = makeDriver({ accessCode: '00000000' });
    const error = await driver.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarmError);
    expect((error as FarmError).code).toBe('rejected');
    expect(driver.status()).toMatchObject({ state: 'error', message: expect.stringMatching(/Access code rejected/) });
    await driver.disconnect();
  });

  it('hostile payloads through the broker are dropped with a warning', async () => {
    const { driver, log } = makeDriver();
    await driver.connect();
    await waitForStatus(driver, (s) => s.state !== 'connecting' && s.state !== 'offline', 10_000, 'online');
    printer.sendRaw('\u0000\u0001garbage');
    printer.sendRaw(Buffer.alloc(10 * 1024 * 1024, 0x20));
    printer.sendRaw(JSON.stringify({ print: { command: 'push_status', msg: 1, hms: 'x', layer_num: [1], bed_temper: 'hot' } }));
    await sleep(1500);
    expect(PrinterStatus.safeParse(driver.status()).success).toBe(true);
    expect(driver.status().state).not.toBe('offline');
    expect(log.warnings.length).toBeGreaterThanOrEqual(2);
    await driver.disconnect();
  });
});
