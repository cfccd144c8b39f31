// The Marlin driver over a real pty with its sender in the sender process: a printer unplugged mid-print comes
// back on ANOTHER path, is re-attached by its USB serial number, and the job resumes from the interrupted layer.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarlinDriver } from '../../electron/engine/drivers/marlin/driver.js';
import { prepareJob } from '../../electron/engine/drivers/marlin/job-source.js';
import { terminateSenderWorkers } from '../../electron/engine/drivers/marlin/sender-host.js';
import { attachSimToPty } from '../../electron/engine/drivers/virtual/marlin/link.js';
import { startPtyPair, type PtyPair } from '../../electron/engine/drivers/virtual/marlin/pty-pair.js';
import type { VirtualMarlinOptions } from '../../electron/engine/drivers/virtual/marlin/firmware.js';
import { MarlinPrinterConfig } from '../../electron/shared/contract/printer-config.js';
import { ensureDebianPackages } from '../support/debian.js';

const BOX = new URL('../fixtures/marlin/box-ender3.gcode', import.meta.url).pathname;
const SIM: VirtualMarlinOptions = { baud: 250000, plannerSpeed: 40, accel: 5000, homingMs: 5, heaterTauMs: 5, bedTauMs: 5, dwellScale: 0.001 };
const stops: (() => Promise<void>)[] = [];
beforeAll(() => ensureDebianPackages(['socat']));
afterAll(async () => {
  for (const s of stops.reverse()) await s().catch(() => undefined);
  await terminateSenderWorkers();
});
const until = async (cond: () => boolean, ms = 20000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('MarlinDriver over a pty', () => {
  it('re-attaches by USB serial on a new path after an unplug and resumes the interrupted job from its layer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marlin-drv-'));
    let current: PtyPair = await startPtyPair(dir, { host: 'ttyUSB0', sim: 'sim0' });
    let sim = await attachSimToPty(current.simPath, SIM);
    stops.push(async () => sim.stop(), async () => current.stop());
    const config = MarlinPrinterConfig.parse({ id: 'ender', name: 'Ender', type: 'marlin', port: current.hostPath, baud: 250000, usbSerial: 'A50285BI', usbVendorId: '0403', usbProductId: '6001', gcode: { start: '', end: '', cancel: '' } });
    let listed = [{ path: current.hostPath, serialNumber: 'A50285BI', vendorId: '0403', productId: '6001' }];
    const driver = new MarlinDriver(config, { log: { info() {}, warn() {}, error() {} }, dataDir: dir }, { bootWaitMs: 200, listPorts: async () => listed, sender: { okTimeoutMs: 2000 } });
    stops.push(() => driver.disconnect());
    await driver.connect();
    expect(driver.firmware().name).toMatch(/Marlin/);
    await driver.startJob({ name: 'box', path: BOX });
    await until(() => sim.sim.executed.length > 600);

    // Unplug: the device vanishes; the driver must report the job interrupted with the last acknowledged line.
    await current.stop();
    await sim.stop();
    listed = [];
    await until(() => driver.job()?.state === 'interrupted');
    const interrupted = driver.job()!;
    expect(driver.status().state).toBe('offline');
    const acked = interrupted.progress!.acked;
    const job = prepareJob('box', readFileSync(BOX, 'latin1'));
    expect(interrupted.progress!.lastAckedLine).toBe(job.sourceLine[acked - 1]);

    // Replug on another path (the kernel gave it ttyUSB1): same USB serial → same printer.
    current = await startPtyPair(dir, { host: 'ttyUSB1', sim: 'sim1' });
    sim = await attachSimToPty(current.simPath, { ...SIM, plannerSpeed: 1000, accel: 1e6 });
    listed = [
      { path: join(dir, 'other'), serialNumber: 'ZZZ', vendorId: '1a86', productId: '7523' },
      { path: current.hostPath, serialNumber: 'A50285BI', vendorId: '0403', productId: '6001' },
    ];
    await until(() => driver.status().state === 'idle', 40000);
    expect(driver.job()?.state).toBe('interrupted');

    const plan = await driver.resumeFromLine();
    expect(plan.startIndex).toBeLessThanOrEqual(acked);
    await until(() => driver.status().state === 'finished', 40000);
    const ran = sim.sim.executed.map((c) => c.cmd).filter((c) => c !== 'M110 N0' && c !== 'M105');
    const tail = job.commands.slice(plan.startIndex);
    expect(ran.slice(ran.length - tail.length)).toEqual(tail);
    expect(ran).toContain('G28 X Y');
  });
});
