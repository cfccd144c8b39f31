// Adding a Bambu printer in Chromium whose certificate is not from the Bambu CA: the UI names the fingerprint, the
// user trusts it explicitly, then a wrong access code is reported in words and fixed in place until the printer reports.
// Real parts: `printfarm serve`, an aedes broker with a printer-style TLS certificate (CN = serial), a virtual Bambu printer.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker, type EmbeddedBroker } from '../../electron/engine/brokers/aedes-broker.js';
import { aedesLink, VirtualBambuPrinter } from '../../electron/engine/drivers/virtual/bambu/index.js';
import { openFarmPage } from '../support/browser.js';
import { makeTestPki, type TestPki } from '../support/mosquitto.js';
import { callHttp, type ServedFarm } from '../support/serve.js';

const SERIAL = '01P00A000000042';
const CODE = '24681357';

describe('Bambu certificate trust and access code in the Printers room', () => {
  let pki: TestPki;
  let broker: EmbeddedBroker;
  let printer: VirtualBambuPrinter;
  let farm: ServedFarm;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    pki = makeTestPki(SERIAL);
    broker = await startEmbeddedBroker({
      port: null,
      tls: { key: pki.keyPem, cert: pki.certPem },
      // As on a real printer: user bblp, password = the LAN access code (the virtual printer is in process, no login).
      authenticate: (user, password) => user === 'bblp' && password === CODE,
    });
    printer = await VirtualBambuPrinter.start({ serial: SERIAL, link: aedesLink(broker.aedes), reportIntervalMs: 500 });
    ({ farm, browser, page } = await openFarmPage(['--no-demo'], { width: 1400, height: 1000 }, errors));
  });
  afterAll(async () => {
    await browser?.close();
    await farm?.stop();
    await printer?.close();
    await broker?.close();
    pki?.cleanup();
  });

  it('offers the fingerprint for an explicit trust, then asks for the right access code', async () => {
    await page.goto(`${farm.url}/#/printers`);
    await page.getByRole('button', { name: 'Add printer' }).click();
    await page.getByRole('tab', { name: 'Bambu' }).click();
    await page.getByLabel('Name').fill('Bench P1S');
    await page.getByLabel('IP address').fill('127.0.0.1');
    await page.getByLabel('Serial number').fill(SERIAL);
    await page.getByLabel('Access code').fill('00000000'); // wrong on purpose
    await page.getByText('Advanced').click();
    await page.getByLabel('MQTT port').fill(String(broker.tlsPort));
    await page.getByRole('button', { name: 'Add Bambu printer' }).click();

    // The test CA is not Bambu's: nothing is sent to the printer until the user trusts this exact certificate.
    const problem = page.getByRole('group', { name: 'Connection problem' });
    await problem.getByText('Certificate not trusted: fingerprint').waitFor({ timeout: 20_000 });
    expect(await problem.textContent()).toContain(pki.fingerprint256);
    expect(broker.clientIds()).toEqual([]); // no MQTT CONNECT (which carries the access code) reached the broker
    await problem.getByRole('button', { name: 'Trust this printer’s certificate' }).click();

    // Pinned and reconnected: now the wrong access code is the problem, said in words, fixable in place.
    await problem.getByText(/Access code rejected/).first().waitFor({ timeout: 20_000 });
    const stored = await callHttp(farm.url, 'printers.settings', { id: 'bench-p1s' });
    expect(stored.body.value).toMatchObject({ type: 'bambu', trustedCertFingerprint: pki.fingerprint256 });
    expect(JSON.stringify(stored.body.value)).not.toContain('00000000');

    await problem.getByLabel('New access code').fill(CODE);
    await problem.getByRole('button', { name: 'Save access code' }).click();
    await page.getByRole('button', { name: 'Open Bench P1S' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bench P1S' }).waitFor();
    // Online: the printer's own report arrives (AMS trays from the virtual printer's full report).
    await page.getByRole('group', { name: 'AMS 1' }).waitFor({ timeout: 20_000 });
    const state = await page.getByRole('group', { name: 'Printer state' }).textContent();
    expect(state).not.toMatch(/Error|Offline/);
    expect(errors).toEqual([]);
  });
});
