// Farm grid in Chromium with 200 demo printers: cards render virtualized and a state change reaches its card.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { callHttp, startServe, type ServedFarm } from '../support/serve.js';

describe('Farm grid with 200 demo printers', () => {
  let farm: ServedFarm;
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    if (!fs.existsSync('out/renderer/index.html')) throw new Error('Build the renderer first: npx electron-vite build (npm test does it).');
    farm = await startServe(['--demo', '200']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    await farm?.stop();
  });

  it('shows the demo banner, virtual cards, and mounts only the cards in view', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${farm.url}/#/farm`);
    const grid = page.getByRole('list', { name: 'Printers' });
    await grid.waitFor({ timeout: 20_000 });
    await expect(page.getByRole('region', { name: 'Demo printers' }).textContent()).resolves.toContain('200 virtual demo printers');
    await expect(page.getByRole('button', { name: /^All/ }).textContent()).resolves.toContain('200');
    const mounted = await grid.getByRole('article').count();
    expect(mounted).toBeGreaterThan(4);
    expect(mounted).toBeLessThan(100); // virtualized: 200 printers, far fewer cards in the DOM
    await expect(grid.getByRole('article').first().textContent()).resolves.toContain('Virtual');
    await page.screenshot({ path: path.join('docs', 'screenshot-farm.png') });
    expect(errors).toEqual([]);
  });

  it('a printer paused through the API shows Paused on its card within a second or so', async () => {
    // A printing Bambu printer whose card is in view (a virtual Marlin still in its M109 heat-up would answer a
    // pause only once heated, as real Marlin does).
    const grid = page.getByRole('list', { name: 'Printers' });
    const card = grid.getByRole('article').filter({ has: page.getByRole('button', { name: /^Pause (P1S|X1C|A1|P1P) #/ }) }).first();
    await card.waitFor({ timeout: 15_000 });
    const name = (await card.getByRole('heading').textContent())!.trim();
    const list = await callHttp(farm.url, 'printers.list');
    const printer = (list.body.value as Array<{ id: string; name: string }>).find((p) => p.name === name)!;
    expect(printer).toBeDefined();

    const pausedCard = grid.getByRole('article', { name, exact: true });
    expect(await pausedCard.getByLabel('State').textContent()).not.toContain('Paused');
    const r = await callHttp(farm.url, 'printers.pause', { id: printer.id });
    expect(r.body.ok).toBe(true);
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('article')].some((a) => a.querySelector('h3')?.textContent === n && a.textContent?.includes('Paused')),
      name,
      { timeout: 5_000 }, // generous; the budget is 100 ms of coalescing plus transport
    );
    await expect(pausedCard.getByRole('button', { name: `Resume ${name}`, exact: true }).count()).resolves.toBe(1);
  });

  it("a card's primary action works: clicking Pause pauses that printer", async () => {
    const grid = page.getByRole('list', { name: 'Printers' });
    const button = grid.getByRole('button', { name: /^Pause (P1S|X1C|A1|P1P) #/ }).first();
    await button.waitFor({ timeout: 15_000 });
    const name = (await button.getAttribute('aria-label'))!.replace(/^Pause /, '');
    await button.click();
    const card = grid.getByRole('article', { name, exact: true });
    await page.waitForFunction(
      (n) => [...document.querySelectorAll('article')].some((a) => a.querySelector('h3')?.textContent === n && a.querySelector('[aria-label="State"]')?.textContent?.includes('Paused')),
      name,
      { timeout: 10_000 },
    );
    // Enabled again once the printer acknowledged the pause (the button is busy while the command is in flight).
    await expect.poll(() => card.getByRole('button', { name: `Resume ${name}`, exact: true }).isEnabled(), { timeout: 10_000 }).toBe(true);
  });

  it('filters by state', async () => {
    await page.getByRole('button', { name: /^Needs attention/ }).click();
    const grid = page.getByRole('list', { name: 'Printers' });
    await expect
      .poll(async () => {
        const states = await grid.getByLabel('State').allTextContents();
        return states.length > 0 && states.every((s) => /Paused|Plate to clear|Failed|Error/.test(s));
      }, { timeout: 10_000 })
      .toBe(true);
    await page.getByRole('button', { name: /^All/ }).click();
  });

  it('switches to the compact list for wall screens (still virtualized)', async () => {
    const grid = page.getByRole('list', { name: 'Printers' });
    await page.getByRole('button', { name: 'List', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('article.prow').length > 10, null, { timeout: 10_000 });
    const rows = await grid.getByRole('article').count();
    expect(rows).toBeLessThan(200);
    await expect(grid.getByRole('article').first().getByLabel('State').textContent()).resolves.toMatch(/Printing|Preparing|Ready|Paused|Plate to clear|Failed|Error/);
    await page.screenshot({ path: path.join('docs', 'screenshot-farm-list.png') });
    await page.getByRole('button', { name: 'Grid', exact: true }).click();
    await page.waitForFunction(() => document.querySelectorAll('article.pcard').length > 0, null, { timeout: 10_000 });
  });

  it('the Metrics room shows engine figures, telemetry charts and per-driver rates', async () => {
    await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: 'Metrics' }).click();
    const lag = page.getByLabel('Event-loop lag p99');
    await lag.waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => /\d+(\.\d)? ms/.test(document.querySelector('[aria-label="Event-loop lag p99"]')?.textContent ?? ''), null, { timeout: 15_000 });
    await expect(page.getByLabel('Printers', { exact: true }).textContent()).resolves.toBe('200');
    const rows = page.getByRole('table', { name: 'Per-driver rates' }).getByRole('row');
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Per-driver rates"] tbody tr').length >= 50, null, { timeout: 15_000 });
    expect(await rows.count()).toBeGreaterThan(50);
    await page.screenshot({ path: path.join('docs', 'screenshot-metrics-engine.png'), fullPage: true });
  });

  it('the printer detail temperature chart streams at 1 Hz and switches to coarser history for longer ranges', async () => {
    await page.goto(`${farm.url}/#/printers/demo-001`);
    const chart = page.getByRole('region', { name: 'Temperatures of demo-001' });
    await chart.waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('[aria-label="Temperatures of demo-001"]')?.textContent?.includes('1 s buckets'), null, { timeout: 10_000 });
    const points = async () => Number(await chart.getAttribute('data-points'));
    await page.waitForFunction(() => Number(document.querySelector('[aria-label="Temperatures of demo-001"]')?.getAttribute('data-points')) > 0, null, { timeout: 10_000 });
    const first = await points();
    // New 1 s buckets arrive as telemetry:printer pushes (generous wait; the stream is once a second).
    await page.waitForFunction((n) => Number(document.querySelector('[aria-label="Temperatures of demo-001"]')?.getAttribute('data-points')) > n, first, { timeout: 10_000 });
    await chart.getByRole('button', { name: '6 h' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-label="Temperatures of demo-001"]')?.textContent?.includes('10 s buckets'), null, { timeout: 10_000 });
  });
});
