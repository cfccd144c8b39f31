// `printfarm bambu probe|check` against a standalone virtual printer (own TLS broker, CN = serial certificate).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bambu } from '../../electron/cli/commands/bambu.js';
import { UsageError } from '../../electron/cli/command.js';
import { startStandaloneVirtualBambu, type StandaloneVirtualBambu } from '../../electron/engine/drivers/virtual/bambu/index.js';
import { makeTestPki, type TestPki } from '../support/mosquitto.js';

const SERIAL = '01P00A000000123';
let pki: TestPki;
let lan: StandaloneVirtualBambu;

async function run(args: string[]): Promise<{ code: number; json: Record<string, unknown> }> {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => (chunks.push(String(chunk)), true)) as typeof process.stdout.write;
  try {
    const code = await bambu.run([...args, '--host', lan.host, '--port', String(lan.mqttPort), '--serial', SERIAL, '--json']);
    return { code, json: JSON.parse(chunks.join('')) as Record<string, unknown> };
  } finally {
    process.stdout.write = original;
  }
}

beforeAll(async () => {
  pki = makeTestPki(SERIAL);
  lan = await startStandaloneVirtualBambu({ serial: SERIAL, accessCode: '11223344', key: pki.keyPem, cert: pki.certPem, reportIntervalMs: 200 });
});

afterAll(async () => {
  await lan?.close();
  pki?.cleanup();
});

describe('printfarm bambu', () => {
  it('probe shows the certificate without logging in', async () => {
    const { code, json } = await run(['probe']);
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, certificate: { fingerprint256: pki.fingerprint256, verified: false } });
    expect(lan.broker.clientIds()).toEqual([]);
  });

  it('check refuses the untrusted certificate and names its fingerprint; with --trust it reads the printer', async () => {
    const refused = await run(['check', '--code', '11223344']);
    expect(refused.code).toBe(1);
    expect(refused.json).toMatchObject({ ok: false, error: { code: 'rejected' }, certificate: { fingerprint256: pki.fingerprint256 } });

    const ok = await run(['check', '--code', '11223344', '--trust', pki.fingerprint256]);
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, model: 'P1S', status: { state: 'idle' } });
    expect((ok.json.status as { ams: unknown[] }).ams).toHaveLength(1);
  });

  it('check with a wrong access code says so', async () => {
    const { code, json } = await run(['check', '--code', '00000000', '--trust', pki.fingerprint256]);
    expect(code).toBe(1);
    expect(json).toMatchObject({ ok: false, error: { code: 'rejected', message: expect.stringMatching(/Access code rejected/) } });
  });

  it('usage errors', async () => {
    await expect(bambu.run(['nope'])).rejects.toBeInstanceOf(UsageError);
    await expect(bambu.run(['check', '--host', 'h'])).rejects.toBeInstanceOf(UsageError);
  });
});
