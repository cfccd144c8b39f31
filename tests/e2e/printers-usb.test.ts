// Adding a USB (Marlin) printer in Chromium: the virtual Marlin firmware on the far end of a real socat pty pair,
// `printfarm serve` opening the other end with serialport. The UI shows the firmware it detected (M115), the terminal
// echoes commands, a preset's M104/M140 reach the firmware (targets change), Home all is executed on the wire, and
// the SD card is listed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachSimToPty } from '../../electron/engine/drivers/virtual/marlin/link.js';
import { startPtyPair, type PtyPair } from '../../electron/engine/drivers/virtual/marlin/pty-pair.js';
import type { VirtualMarlin } from '../../electron/engine/drivers/virtual/marlin/firmware.js';
import { openFarmPage } from '../support/browser.js';
import { ensureDebianPackages } from '../support/debian.js';
import type { ServedFarm } from '../support/serve.js';

describe('USB printer in the Printers room', () => {
  let pty: PtyPair;
  let sim: { sim: VirtualMarlin; stop(): Promise<void> };
  let farm: ServedFarm;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ensureDebianPackages(['socat']);
    pty = await startPtyPair();
    sim = await attachSimToPty(pty.simPath, { baud: 115200, recordExecuted: true, bootMs: 50, sdFiles: { 'CUBE.GCO': 'G28\nG1 Z5 F600\n' } });
    ({ farm, browser, page } = await openFarmPage(['--no-demo'], { width: 1400, height: 1000 }, errors));
  });
  afterAll(async () => {
    await browser?.close();
    await farm?.stop();
    await sim?.stop();
    await pty?.stop();
  });

  it('adds the printer by port path, shows the detected firmware, and drives it from the detail page', async () => {
    await page.goto(`${farm.url}/#/printers`);
    await page.getByRole('button', { name: 'Add printer' }).click();
    await page.getByRole('tab', { name: 'USB' }).click();
    await page.getByLabel('Serial port').selectOption('manual');
    await page.getByLabel('Port path').fill(pty.hostPath);
    await page.getByLabel('Baud rate').selectOption('115200');
    await page.getByLabel('Name').fill('Bench MK3');
    await page.getByRole('button', { name: 'Add USB printer' }).click();
    const firmware = page.getByRole('status', { name: 'Detected firmware' });
    await page.waitForFunction(() => /Firmware detected: Marlin/.test(document.querySelector('[aria-label="Detected firmware"]')?.textContent ?? ''), null, { timeout: 20_000 });
    expect(await firmware.textContent()).toContain('Marlin 2.1.2.4 (Virtual)');

    await page.getByRole('button', { name: 'Open Bench MK3' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bench MK3' }).waitFor();
    await page.waitForFunction(() => /Ready/.test(document.querySelector('[aria-label="Printer state"]')?.textContent ?? ''), null, { timeout: 20_000 });

    const input = page.getByLabel('G-code command');
    await input.fill('M115');
    await input.press('Enter');
    await page.waitForFunction(() => /FIRMWARE_NAME:Marlin/.test(document.querySelector('[aria-label="Terminal output"]')?.textContent ?? ''), null, { timeout: 10_000 });

    await page.getByRole('button', { name: 'Preheat PLA 200/60 °C' }).click();
    await page.waitForFunction(
      () => document.querySelector('[aria-label="Nozzle target"]')?.textContent === '200 °C' && document.querySelector('[aria-label="Bed target"]')?.textContent === '60 °C',
      null,
      { timeout: 15_000 },
    );
    await page.getByRole('button', { name: 'Home all' }).click();
    await page.getByText('Home all: acknowledged by the printer.').waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'List SD files' }).click();
    await page.getByRole('table', { name: 'SD card files' }).getByText('CUBE.GCO').waitFor({ timeout: 15_000 });
    const executed = sim.sim.executed.map((c) => c.cmd);
    expect(executed).toContain('M104 S200');
    expect(executed).toContain('M140 S60');
    expect(executed).toContain('G28');
    expect(errors).toEqual([]);
  });
});
