// Debian Chromium driven by playwright-core (no browser download): launched per test file, closed by the test.
import { chromium, type Browser } from 'playwright-core';
import { ensureDebianPackages } from './debian.js';

export async function launchChromium(): Promise<Browser> {
  ensureDebianPackages(['chromium']);
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Without the background-networking flags Chromium keeps dialling Google hosts this machine cannot reach.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
