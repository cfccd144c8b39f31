// Debian Chromium driven by playwright-core (no browser download): launched per test file, closed by the test.
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureDebianPackages } from './debian.js';
import { startServe, type ServedFarm } from './serve.js';

export async function launchChromium(): Promise<Browser> {
  ensureDebianPackages(['chromium']);
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Without the background-networking flags Chromium keeps dialling Google hosts this machine cannot reach.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * `printfarm serve <args>` plus a Chromium page on it; page errors are collected into `errors`.
 * The caller stops both in afterAll (browser.close(), farm.stop()).
 */
export async function openFarmPage(
  serveArgs: string[],
  viewport: { width: number; height: number },
  errors: string[],
): Promise<{ farm: ServedFarm; browser: Browser; page: Page }> {
  if (!fs.existsSync('out/renderer/index.html')) throw new Error('Build the renderer first: npx electron-vite build (npm test does it).');
  const farm = await startServe(serveArgs);
  try {
    const browser = await launchChromium();
    const page = await browser.newPage({ viewport });
    page.on('pageerror', (e) => errors.push(e.message));
    return { farm, browser, page };
  } catch (error) {
    await farm.stop(); // nothing may outlive a failed start
    throw error;
  }
}
