// The Files room in real Chromium against `printfarm serve`: upload with progress, live arrival of a slicer upload,
// analysis figures beside the slicer's, fit check, folders and search, the layer viewer, delete with confirmation.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFarmPage } from '../support/browser.js';
import { FIXTURES } from '../support/files-library.js';
import type { ServedFarm } from '../support/serve.js';

const run = promisify(execFile);
const BOX = path.join(FIXTURES, 'v2_ender3_box_028_absE.gcode');

describe('Files room', () => {
  let farm: ServedFarm;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    ({ farm, browser, page } = await openFarmPage(['--demo', '2'], { width: 1400, height: 900 }, errors));
    await page.goto(`${farm.url}/#/files`);
  });
  afterAll(async () => {
    await browser?.close();
    await farm?.stop();
  });

  it('uploads a picked file with a progress row, then shows our figures beside the slicer\'s', async () => {
    await page.getByText('No files here yet', { exact: false }).waitFor();
    await page.getByLabel('Files to upload').setInputFiles(BOX);
    const uploads = page.getByRole('list', { name: 'Uploads' });
    await uploads.getByText(/Stored|Already in the library/).waitFor({ timeout: 15_000 });

    const open = page.getByRole('button', { name: 'Open v2_ender3_box_028_absE.gcode' });
    await open.waitFor();
    await open.click();
    const detail = page.getByRole('complementary', { name: 'File v2_ender3_box_028_absE.gcode' });
    const figures = detail.getByRole('table', { name: "Slicer figures beside PrintFarm's" });
    await figures.waitFor({ timeout: 30_000 });
    const timeRow = figures.getByRole('row', { name: /Print time/ });
    // The slicer's own estimate for this file is 18 min 4 s (MANIFEST.md).
    await expect(timeRow.textContent()).resolves.toContain('18 min 04 s');
    await expect(figures.getByRole('columnheader', { name: /PrusaSlicer/ }).count()).resolves.toBe(1);

    const fit = detail.getByRole('table', { name: 'Fits on printers' });
    await fit.waitFor();
    expect(await fit.getByRole('row').count()).toBe(3); // header + two demo printers

    const slider = detail.getByRole('slider', { name: 'Layer' });
    await slider.waitFor();
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^Layer 1 of \d+, Z 0\.\d+ mm$/);
    await slider.focus();
    await page.keyboard.press('ArrowRight');
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^Layer 2 of /);
    await detail.getByRole('checkbox', { name: 'Show travel moves' }).check();
    await page.waitForFunction(() => /\d+ extrusion paths, \d+ travel moves/.test(document.querySelector('.layers__canvas')?.getAttribute('aria-label') ?? ''), null, { timeout: 15_000 });
    const label = (await detail.getByRole('img', { name: /^Layer 2 of/ }).getAttribute('aria-label')) ?? '';
    expect(Number(/(\d+) extrusion paths/.exec(label)?.[1])).toBeGreaterThan(0);
    await detail.getByRole('heading', { name: 'Layers' }).scrollIntoViewIfNeeded();
    fs.mkdirSync('docs', { recursive: true });
    await page.screenshot({ path: path.join('docs', 'screenshot-files.png') });
  });

  it('accepts a drag-and-drop of a file onto the drop zone', async () => {
    const text = fs.readFileSync(BOX, 'latin1');
    const dataTransfer = await page.evaluateHandle((content) => {
      const dt = new DataTransfer();
      dt.items.add(new File([content], 'dropped.gcode', { type: 'text/x-gcode' }));
      return dt;
    }, text);
    const zone = page.getByText(/^Drop \.gcode or \.gcode\.3mf files here/);
    await zone.dispatchEvent('dragover', { dataTransfer });
    await zone.dispatchEvent('drop', { dataTransfer });
    await page.getByRole('button', { name: 'Open dropped.gcode' }).waitFor({ timeout: 15_000 });
    // Same bytes as the earlier upload: the library kept one copy and said so.
    await page.getByRole('list', { name: 'Uploads' }).getByText('Already in the library: no second copy kept.').waitFor();
  });

  it('shows the embedded slicer thumbnail on the card', async () => {
    await page.getByLabel('Files to upload').setInputFiles(path.join(FIXTURES, 'box_with_thumbnails.gcode'));
    const img = page.getByRole('img', { name: 'Preview of box_with_thumbnails.gcode' }).first();
    await img.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => [...document.querySelectorAll('img')].some((i) => i.alt === 'Preview of box_with_thumbnails.gcode' && i.naturalWidth === 220));
  });

  it('shows a slicer upload (OctoPrint API over HTTP) without a reload, in its folder, and finds it by search', async () => {
    const token = fs.readFileSync(path.join(farm.dataDir, 'access-token'), 'utf8').trim();
    const { stdout } = await run('curl', ['-sS', '-H', `X-Api-Key: ${token}`, '-F', 'print=false', '-F', 'path=slicer', '-F', `file=@${BOX};filename=from-slicer.gcode`, `${farm.url}/api/files/local`]);
    expect(JSON.parse(stdout).files.local.path).toBe('slicer/from-slicer.gcode');
    const arriving = page.getByRole('list', { name: 'Arriving from slicers' });
    await arriving.getByRole('listitem').filter({ hasText: 'from-slicer.gcode' }).getByText('Received from a slicer.').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Open folder slicer' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Open folder slicer' }).click();
    await page.getByRole('button', { name: 'Open from-slicer.gcode' }).waitFor();
    await page.getByRole('navigation', { name: 'Folder path' }).getByRole('button', { name: 'All files' }).click();

    await page.getByRole('searchbox', { name: 'Search files by name' }).fill('from-sli');
    await page.getByRole('button', { name: 'Open from-slicer.gcode' }).waitFor();
    expect(await page.getByRole('button', { name: 'Open v2_ender3_box_028_absE.gcode' }).count()).toBe(0);
    await page.getByRole('searchbox', { name: 'Search files by name' }).fill('');
  });

  it('switches to the list view and deletes a file after one confirmation', async () => {
    await page.getByRole('group', { name: 'View' }).getByRole('button', { name: 'List' }).click();
    await page.getByRole('table', { name: 'Files' }).waitFor();
    await page.getByRole('button', { name: 'Open v2_ender3_box_028_absE.gcode' }).click();
    const detail = page.getByRole('complementary', { name: 'File v2_ender3_box_028_absE.gcode' });
    await detail.getByRole('button', { name: 'Delete', exact: true }).click();
    await detail.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete v2_ender3_box_028_absE.gcode' }).click();
    await page.getByRole('button', { name: 'Open v2_ender3_box_028_absE.gcode' }).waitFor({ state: 'detached' });

    // Folders: create one, open it, remove it while empty.
    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('textbox', { name: 'Folder name' }).fill('Scratch');
    await page.getByRole('button', { name: 'Create folder' }).click();
    await page.getByRole('button', { name: 'Open folder Scratch' }).click();
    await page.getByRole('button', { name: 'Rename folder Scratch' }).click();
    await page.getByRole('textbox', { name: 'New folder path' }).fill('Scrap');
    await page.getByRole('button', { name: 'Rename folder', exact: true }).click();
    await page.getByRole('button', { name: 'Remove empty folder Scrap' }).click();
    await page.getByRole('button', { name: 'Open folder slicer' }).waitFor();
    // The top folder's cached listing may show for a moment before its refetch: wait for the folder to go.
    await page.getByRole('button', { name: /Open folder Scra/ }).waitFor({ state: 'detached' });
  });

  it('sets a watched folder from the settings panel and shows files dropped into it', async () => {
    const inbox = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-e2e-inbox-'));
    try {
      await page.getByRole('button', { name: 'Library settings' }).click();
      const settings = page.getByRole('region', { name: 'Library settings' });
      await settings.getByRole('checkbox', { name: 'Import new G-code from a folder' }).check();
      await settings.getByRole('textbox', { name: 'Folder on this machine' }).fill(inbox);
      await settings.getByRole('textbox', { name: 'Library folder' }).fill('Inbox');
      await settings.getByRole('button', { name: 'Save watched folder' }).click();
      await settings.getByText(`Watching ${inbox}`).first().waitFor();
      fs.copyFileSync(BOX, path.join(inbox, 'dropped-in-folder.gcode'));
      await page.getByRole('button', { name: 'Open folder Inbox' }).click();
      await page.getByRole('button', { name: 'Open dropped-in-folder.gcode' }).waitFor({ timeout: 20_000 });
      expect(errors).toEqual([]);
    } finally {
      fs.rmSync(inbox, { recursive: true, force: true });
    }
  });
});
