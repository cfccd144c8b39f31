// Driver ↔ virtual Bambu printer over an in-process aedes broker with a printer-style TLS certificate (CN = serial).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FarmError } from '../../electron/shared/contract/envelope.js';
import type { BambuPrinterConfig } from '../../electron/shared/contract/printer-config.js';
import { PrinterStatus } from '../../electron/shared/contract/printer-status.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../electron/engine/brokers/aedes-broker.js';
import { BambuDriver, type BambuDriverOptions } from '../../electron/engine/drivers/bambu/driver.js';
import { BambuCertificateError } from '../../electron/engine/drivers/bambu/tls-gate.js';
import { uploadToPrinter } from '../../electron/engine/drivers/bambu/ftps.js';
import { probeBambuCertificate } from '../../electron/engine/drivers/bambu/index.js';
import { aedesLink, startVirtualFtps, VirtualBambuPrinter, type VirtualFtpsServer } from '../../electron/engine/drivers/virtual/bambu/index.js';
import { captureLog, sleep, tempDir, waitForStatus } from '../support/bambu-harness.js';
import { freePort } from '../support/free-port.js';
import { makeTestPki, type TestPki } from '../support/mosquitto.js';
import { DriverCounters } from '../../electron/engine/metrics/driver-counters.js';

const SERIAL = '01P00A000000001';
const CODE = '12345678';

let pki: TestPki;
let broker: EmbeddedBroker;
let printer: VirtualBambuPrinter;
let ftps: VirtualFtpsServer;
let uploadHook: ((name: string) => void) | null = null;
const files = new Map<string, Buffer>();
const drivers: BambuDriver[] = [];
let work: string;
let modelFile: string;
let modelBytes: number;
/** Per-driver counters (Metrics room): messages and reconnects as the drivers count them. */
const counters = new DriverCounters();

function makeDriver(overrides: Partial<BambuPrinterConfig> = {}, options: BambuDriverOptions = {}, log = captureLog()) {
  const config: BambuPrinterConfig = {
    id: `bambu-${drivers.length}`,
    name: 'Test P1S',
    type: 'bambu',
    virtual: false,
    tags: [],
    buildVolume: null,
    nozzleDiameter: null,
    host: '127.0.0.1',
    port: broker.tlsPort!,
    serial: SERIAL,
    model: null,
    accessCode: CODE,
    trustedCertFingerprint: null,
    ...overrides,
  };
  const driver = new BambuDriver(config, { log: log.log, dataDir: work, metrics: counters.forPrinter(config.id) }, {
    extraCa: [pki.caPem],
    ftpsPort: ftps.port,
    watchdogMs: 1500,
    ackTimeoutMs: 3000,
    reconnect: { baseMs: 100, maxMs: 400 },
    clientIdPrefix: `test${drivers.length}`,
    ...options,
  });
  drivers.push(driver);
  return { driver, log };
}

beforeAll(async () => {
  work = tempDir('bambu-aedes-');
  modelFile = path.join(work, 'cube.gcode.3mf');
  fs.copyFileSync(path.join(import.meta.dirname, '../fixtures/bambu/two-plates.gcode.3mf'), modelFile);
  modelBytes = fs.statSync(modelFile).size;
  pki = makeTestPki(SERIAL);
  broker = await startEmbeddedBroker({
    port: null,
    tls: { key: pki.keyPem, cert: pki.certPem },
    authenticate: (user, password) => user === 'bblp' && password === CODE,
  });
  ftps = await startVirtualFtps({ key: pki.keyPem, cert: pki.certPem, password: CODE, files, onUploadStart: (n) => uploadHook?.(n) });
  printer = await VirtualBambuPrinter.start({
    serial: SERIAL,
    link: aedesLink(broker.aedes),
    reportIntervalMs: 100,
    timeScale: 10,
    files,
    job: { durationSeconds: 40, totalLayers: 20 },
    sim: { prepareSeconds: 3 },
  });
});

afterAll(async () => {
  await Promise.all(drivers.map((d) => d.disconnect()));
  await printer?.close();
  await ftps?.close();
  await broker?.close();
  pki?.cleanup();
  fs.rmSync(work, { recursive: true, force: true });
});

describe('bambu driver over aedes + TLS', () => {
  let main: BambuDriver;

  it('connects with CA + servername = serial, sends pushall, and shows the full state', async () => {
    ({ driver: main } = makeDriver());
    await main.connect();
    const status = await waitForStatus(main, (s) => s.state === 'idle', 10_000, 'idle');
    expect(PrinterStatus.safeParse(status).success).toBe(true);
    expect(status.ams[0]!.trays.map((t) => t.material)).toEqual(['PLA', 'PLA', 'PETG', 'PLA']);
    expect(status.ams[0]!.trays[2]!.color).toBe('#1F6FD2FF');
    expect(status.ams[0]!.trays[0]!.remainPercent).toBe(80);
    expect(printer.requestsFor('pushall').length).toBeGreaterThanOrEqual(1);
    await sleep(300);
    expect(main.printerModel).toBe('P1S'); // from get_version (project C12)
    await main.connect(); // one connection per printer: a second connect is a no-op
    expect(broker.clientIds().filter((id) => id.startsWith('test0-'))).toHaveLength(1);
  });

  it('commands are acked by sequence_id: speed, light, gcode, AMS filament setting, get_version', async () => {
    await main.setSpeedLevel(3);
    await waitForStatus(main, (s) => s.speedLevel === 3, 5000, 'speed 3');
    await main.setLight('chamber_light', true);
    await main.sendGcode('M140 S60\nM104 S200');
    expect(printer.requestsFor('gcode_line').at(-1)).toMatchObject({ print: { param: 'M140 S60\nM104 S200\n' } });
    await main.setAmsFilament({ amsId: 0, trayId: 3, trayInfoIdx: 'GFG99', color: '#00FF00', nozzleTempMin: 220, nozzleTempMax: 250, material: 'PETG' });
    const tray = await waitForStatus(main, (s) => s.ams[0]!.trays[3]!.material === 'PETG', 5000, 'tray 3 PETG');
    expect(tray.ams[0]!.trays[3]!.color).toBe('#00FF00FF');
    await main.requestVersion();
    await main.amsControl('resume');
    await main.amsChangeFilament({ amsId: 0, slotId: 1 });
    await waitForStatus(main, (s) => s.ams[0]!.trays[1]!.active === true, 5000, 'slot 2 loaded');
    await main.amsChangeFilament('unload');
    await waitForStatus(main, (s) => s.ams[0]!.trays.every((t) => !t.active), 5000, 'unloaded');
    await expect(main.skipObjects([206])).rejects.toMatchObject({ code: 'rejected', message: expect.stringContaining('not printing') });
    await main.setSpeedLevel(2);
    await expect(main.setSpeedLevel(7)).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('a whole print: FTPS upload with session reuse, project_file, pause, resume, finish', async () => {
    const progress: number[] = [];
    await main.startPrint({
      source: modelFile,
      sizeBytes: modelBytes,
      remoteName: 'cube.gcode.3mf',
      plate: 1,
      amsMapping: [2],
      idempotencyKey: 'job-1',
      expiresAt: Date.now() + 60_000,
      onProgress: (p) => progress.push(p.bytes),
    });
    expect(files.get('cube.gcode.3mf')).toEqual(fs.readFileSync(modelFile));
    expect(ftps.sessionReuseFailures).toBe(0);
    expect(progress.at(-1)).toBe(modelBytes);
    const sent = printer.requestsFor('project_file');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ print: { url: 'file:///sdcard/cube.gcode.3mf', param: 'Metadata/plate_1.gcode', ams_mapping: [2], use_ams: true } });

    await waitForStatus(main, (s) => s.state === 'preparing', 5000, 'preparing');
    const printing = await waitForStatus(main, (s) => s.state === 'printing' && (s.job?.progress ?? 0) > 0, 10_000, 'printing');
    expect(printing.job?.name).toBe('cube');
    expect(printing.ams[0]!.trays[2]!.active).toBe(true);
    await expect(main.startPrint({ remoteName: 'cube.gcode.3mf', plate: 1, amsMapping: [], idempotencyKey: 'job-busy', expiresAt: Date.now() + 60_000 })).rejects.toMatchObject({ code: 'conflict' });
    await main.pause();
    await waitForStatus(main, (s) => s.state === 'paused', 5000, 'paused');
    await main.resume();
    await waitForStatus(main, (s) => s.state === 'printing', 5000, 'printing again');
    const done = await waitForStatus(main, (s) => s.state === 'finished', 20_000, 'finished');
    expect(done.job).toMatchObject({ progress: 100, layer: 20, totalLayers: 20 });
    expect(done.ams[0]!.trays[2]!.remainPercent!).toBeLessThan(40); // the spool was used
  });

  it('the same idempotency key is never started twice; an expired start or a missing plate is refused', async () => {
    const base = { remoteName: 'cube.gcode.3mf', plate: 1, amsMapping: [] };
    await expect(main.startPrint({ ...base, source: modelFile, plate: 3, idempotencyKey: 'job-p3', expiresAt: Date.now() + 60_000 })).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'Plate 3 is not in cube.gcode.3mf; it has plates 1, 2.',
    });
    await expect(main.startPrint({ ...base, idempotencyKey: 'job-1', expiresAt: Date.now() + 60_000 })).rejects.toMatchObject({ code: 'conflict' });
    await expect(main.startPrint({ ...base, idempotencyKey: 'job-x', expiresAt: Date.now() - 1 })).rejects.toMatchObject({ code: 'rejected' });
    expect(printer.requestsFor('project_file')).toHaveLength(1);
  });

  it('stop: the printer reports FAILED with the cancel code, shown as cancelled', async () => {
    await main.startPrint({ remoteName: 'cube.gcode.3mf', plate: 1, amsMapping: [], idempotencyKey: 'job-2', expiresAt: Date.now() + 60_000 });
    await waitForStatus(main, (s) => s.state === 'printing', 10_000, 'printing');
    await main.cancel();
    const stopped = await waitForStatus(main, (s) => s.state === 'failed', 5000, 'failed');
    expect(stopped.message).toBe('The print was cancelled.');
    expect(stopped.faults[0]).toMatchObject({ code: '0300_400C', severity: 'info' });
  });

  it('lost connection mid-print: offline, reconnect, pushall, printing continues', async () => {
    await main.startPrint({ remoteName: 'cube.gcode.3mf', plate: 1, amsMapping: [], idempotencyKey: 'job-3', expiresAt: Date.now() + 60_000 });
    const before = await waitForStatus(main, (s) => s.state === 'printing' && (s.job?.progress ?? 0) > 2, 15_000, 'printing');
    const pushallsBefore = printer.requestsFor('pushall').length;
    expect(broker.disconnectClients((id) => id.startsWith('test0-'))).toBe(1);
    await waitForStatus(main, (s) => s.state === 'offline', 5000, 'offline');
    const after = await waitForStatus(main, (s) => s.state === 'printing' && (s.job?.progress ?? 0) > before.job!.progress, 10_000, 'printing after reconnect');
    expect(after.job?.name).toBe('cube');
    expect(printer.requestsFor('pushall').length).toBeGreaterThan(pushallsBefore);
    const counted = counters.rates().find((r) => r.id === main.id)!;
    expect(counted.messages).toBeGreaterThan(0);
    expect(counted.reconnects).toBeGreaterThanOrEqual(1);
    await main.cancel();
    await waitForStatus(main, (s) => s.state === 'failed', 5000, 'stopped');
  });

  it('repeated connection losses leave no timers behind (each dead session is fully closed)', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const cycle = async () => {
      broker.disconnectClients((id) => id.startsWith('test0-'));
      await waitForStatus(main, (s) => s.state === 'offline', 5000, 'offline');
      await waitForStatus(main, (s) => s.state !== 'offline' && s.state !== 'connecting', 10_000, 'back');
    };
    await cycle();
    await sleep(200);
    const baseline = timers();
    for (let i = 0; i < 4; i += 1) await cycle();
    await sleep(200);
    expect(timers()).toBeLessThan(baseline + 3);
  });

  it('a start is rejected, not resent, when the connection drops between accepting and sending', async () => {
    uploadHook = () => broker.disconnectClients((id) => id.startsWith('test0-'));
    const starts = printer.requestsFor('project_file').length;
    const error = await main
      .startPrint({ source: modelFile, remoteName: 'cube2.gcode.3mf', plate: 1, amsMapping: [], idempotencyKey: 'job-4', expiresAt: Date.now() + 60_000 })
      .catch((e: unknown) => e);
    uploadHook = null;
    expect(error).toBeInstanceOf(FarmError);
    expect((error as FarmError).code).toBe('unavailable');
    expect((error as FarmError).message).toMatch(/not sent and will not be retried/);
    await waitForStatus(main, (s) => s.state === 'failed' || s.state === 'idle', 10_000, 'reconnected');
    await sleep(500);
    expect(printer.requestsFor('project_file').length).toBe(starts);
    expect(printer.sim.state).not.toBe('PREPARE');
  });

  it('a printer that stops reporting is shown offline after the watchdog, then recovers', async () => {
    printer.setReporting(false);
    const silent = await waitForStatus(main, (s) => s.state === 'offline', 5000, 'offline');
    expect(silent.message).toMatch(/No report/);
    printer.setReporting(true);
    await waitForStatus(main, (s) => s.state === 'failed' || s.state === 'idle', 10_000, 'back');
  });

  it('HMS error and failed print are shown in words', async () => {
    printer.raiseHms(0x07002000, 0x00020001);
    const withHms = await waitForStatus(main, (s) => s.faults.some((f) => f.code === '0700_2000_0002_0001'), 5000, 'hms');
    expect(withHms.faults.find((f) => f.code === '0700_2000_0002_0001')?.message).toBe('AMS 1 slot 1 has run out of filament.');
    printer.clearHms();
    await waitForStatus(main, (s) => !s.faults.some((f) => f.code.startsWith('0700_2000')), 5000, 'hms cleared');

    await main.startPrint({ remoteName: 'cube.gcode.3mf', plate: 1, amsMapping: [], idempotencyKey: 'job-fail', expiresAt: Date.now() + 60_000 });
    await waitForStatus(main, (s) => s.state === 'printing', 10_000, 'printing');
    printer.failPrint(0x07008010);
    const failed = await waitForStatus(main, (s) => s.state === 'failed', 5000, 'failed');
    expect(failed.faults[0]).toMatchObject({ code: '0700_8010', severity: 'serious' });
    expect(failed.message).toMatch(/AMS assist motor is overloaded/);
  });

  it('a delta lost in transit is corrected by the periodic resync (pushall)', async () => {
    const { driver } = makeDriver({}, { resyncMs: 400 });
    await driver.connect();
    await waitForStatus(driver, (s) => s.state !== 'connecting' && s.state !== 'offline', 10_000, 'online');
    const before = printer.requestsFor('pushall').length;
    // Corrupt the driver's view with a fake delta, as if the real one had been lost: the next snapshot repairs it.
    printer.sendRaw(JSON.stringify({ print: { command: 'push_status', msg: 1, spd_lvl: 4 } }));
    await waitForStatus(driver, (s) => s.speedLevel === 4, 3000, 'corrupted');
    await waitForStatus(driver, (s) => s.speedLevel === printer.sim.peek('spd_lvl'), 5000, 'repaired by resync');
    expect(printer.requestsFor('pushall').length).toBeGreaterThan(before);
    await driver.disconnect();
  });

  it('hostile payloads are dropped with a warning and the driver keeps going', async () => {
    const { driver, log } = makeDriver();
    await driver.connect();
    await waitForStatus(driver, (s) => s.state !== 'connecting' && s.state !== 'offline', 10_000, 'online');
    printer.sendRaw('{not json');
    printer.sendRaw(Buffer.alloc(10 * 1024 * 1024, 0x7b)); // 10 MB of '{'
    printer.sendRaw(JSON.stringify({ print: { command: 'push_status', msg: 1, ams: 'boom', nozzle_temper: { x: 1 }, mc_percent: 'lots', __proto__: { bad: 1 } } }));
    printer.sendRaw(JSON.stringify([1, 2, 3]));
    printer.sendRaw(JSON.stringify({ print: { command: 'pause', sequence_id: 42, result: 7 } }));
    await sleep(800);
    const status = driver.status();
    expect(PrinterStatus.safeParse(status).success).toBe(true);
    expect(status.ams[0]!.trays).toHaveLength(4);
    expect(status.state).not.toBe('offline');
    const reasons = log.warnings.map((w) => String((w.obj as { reason?: string }).reason));
    expect(reasons.some((r) => r.includes('not JSON'))).toBe(true);
    expect(reasons.some((r) => r.includes('exceeds'))).toBe(true);
    expect(reasons.some((r) => r.includes('wrong-typed'))).toBe(true);
    await driver.setSpeedLevel(2); // still answering commands
    await driver.disconnect();
  });

  it('wrong access code: a clear "access code rejected" error, no retry storm', async () => {
    const { driver } = makeDriver({ accessCode: 'wrong000' });
    const error = await driver.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FarmError);
    expect((error as FarmError).code).toBe('rejected');
    expect((error as FarmError).message).toMatch(/Access code rejected/);
    const status = driver.status();
    expect(status.state).toBe('error');
    expect(status.message).toMatch(/Access code rejected/);
    await driver.disconnect();
  });

  it('an unknown CA is refused with the fingerprint (credentials never sent); pinning that fingerprint connects', async () => {
    const clientsBefore = broker.clientIds().length;
    const { driver } = makeDriver({}, { extraCa: [] });
    const error = await driver.connect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BambuCertificateError);
    expect((error as BambuCertificateError).fingerprint256).toBe(pki.fingerprint256);
    expect(driver.status().state).toBe('error');
    expect(driver.status().untrustedCertificate?.fingerprint256).toBe(pki.fingerprint256);
    expect(broker.clientIds().length).toBe(clientsBefore); // no MQTT CONNECT reached the broker
    await driver.disconnect();

    const probe = await probeBambuCertificate({ host: '127.0.0.1', port: broker.tlsPort!, serial: SERIAL });
    expect(probe.verified).toBe(false);
    expect(probe.fingerprint256).toBe(pki.fingerprint256);

    const { driver: pinned } = makeDriver({ trustedCertFingerprint: probe.fingerprint256.toLowerCase() }, { extraCa: [] });
    await pinned.connect();
    await waitForStatus(pinned, (s) => s.state !== 'connecting' && s.state !== 'offline', 10_000, 'online pinned');
    await pinned.disconnect();

    const { driver: wrongPin } = makeDriver({ trustedCertFingerprint: 'AA'.repeat(32) }, { extraCa: [] });
    await expect(wrongPin.connect()).rejects.toBeInstanceOf(BambuCertificateError);
    await wrongPin.disconnect();
  });

  it('an unreachable printer backs off, then the circuit breaker opens (offline, with words)', async () => {
    const port = await freePort(); // nothing listens here
    const { driver } = makeDriver({ port }, { reconnect: { baseMs: 20, maxMs: 40, breakerThreshold: 3, breakerCooldownMs: 60_000 } });
    await expect(driver.connect()).rejects.toMatchObject({ code: 'unavailable' });
    expect(driver.status()).toMatchObject({ state: 'offline', message: expect.stringMatching(/Reconnecting in/) });
    const open = await waitForStatus(driver, (s) => /Gave up after 3 attempts/.test(s.message ?? ''), 5000, 'breaker open');
    expect(open.state).toBe('offline');
    await driver.disconnect();
  });

  it('FTPS: a wrong access code is rejected in words; an untrusted certificate is refused before login', async () => {
    const target = { host: '127.0.0.1', port: ftps.port, serial: SERIAL, accessCode: 'nope', ca: [pki.caPem] };
    await expect(uploadToPrinter(target, modelFile, 'x.gcode.3mf', null)).rejects.toMatchObject({ code: 'rejected', message: expect.stringMatching(/Access code rejected/) });
    await expect(uploadToPrinter({ ...target, accessCode: CODE, ca: [] }, modelFile, 'x.gcode.3mf', null)).rejects.toBeInstanceOf(BambuCertificateError);
    await expect(uploadToPrinter({ ...target, accessCode: CODE }, modelFile, '../etc/passwd', null)).resolves.toBeUndefined();
    expect(files.has('passwd')).toBe(true); // path parts are stripped: only the SD root is reachable
    expect(files.has('x.gcode.3mf')).toBe(false);
  });

  it('a certificate whose CN is not the serial is refused even from the right CA', async () => {
    const { driver } = makeDriver({ serial: '01P00A000000999' });
    await expect(driver.connect()).rejects.toBeInstanceOf(BambuCertificateError);
    await driver.disconnect();
  });
});
