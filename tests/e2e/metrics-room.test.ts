// The served renderer in real Chromium: navigate to Metrics and see live host figures; saves the README screenshot.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { startServe, type ServedFarm } from '../support/serve.js';

describe('renderer in Chromium', () => {
  let farm: ServedFarm;
  let browser: Browser;
  beforeAll(async () => {
    if (!fs.existsSync('out/renderer/index.html')) throw new Error('Build the renderer first: npx electron-vite build (npm test does it).');
    farm = await startServe(['--no-demo']);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await farm?.stop();
  });

  it('shows the rooms, and live host CPU and memory on the Metrics page', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(farm.url);
    const nav = page.getByRole('navigation', { name: 'Rooms' });
    for (const room of ['Farm', 'Printers', 'Jobs', 'Files', 'Planner', 'Metrics', 'Settings']) {
      await expect(nav.getByRole('link', { name: room }).count()).resolves.toBe(1);
    }
    await expect(page.getByRole('button', { name: 'Emergency stop' }).isVisible()).resolves.toBe(true);

    await nav.getByRole('link', { name: 'Metrics' }).click();
    const cpu = page.getByLabel('CPU load');
    await cpu.waitFor({ timeout: 15_000 });
    expect(await cpu.textContent()).toMatch(/^\d+(\.\d)? %$/);
    expect(await page.getByLabel('Memory used').textContent()).toMatch(/GiB/);
    // Live: the host:metrics push keeps arriving (the chart gets points).
    await page.waitForFunction(() => document.querySelectorAll('.u-over').length > 0, null, { timeout: 10_000 });
    await page.waitForTimeout(4500);
    await page.screenshot({ path: path.join('docs', 'screenshot-metrics.png') });
    expect(errors).toEqual([]);
  });
});
