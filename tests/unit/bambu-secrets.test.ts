// Secret store for access codes (headless): AES-256-GCM at rest, key file 0600, tamper → treated as missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyFileSecretStore } from '../../electron/engine/secrets/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'bambu-secrets-'));
  dirs.push(d);
  return d;
}

describe('key-file secret store', () => {
  it('round-trips, survives a restart, and never writes the code in clear', () => {
    const dir = dataDir();
    const store = createKeyFileSecretStore(dir);
    store.set('printer/p1/accessCode', '12345678');
    expect(store.get('printer/p1/accessCode')).toBe('12345678');
    expect(createKeyFileSecretStore(dir).get('printer/p1/accessCode')).toBe('12345678');
    const onDisk = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(onDisk).not.toContain('12345678');
    store.delete('printer/p1/accessCode');
    expect(store.get('printer/p1/accessCode')).toBeNull();
  });

  it('the key file is 0600', () => {
    const dir = dataDir();
    createKeyFileSecretStore(dir).set('a', 'b');
    const keyFile = fs.readdirSync(dir).find((f) => f.endsWith('.key'))!;
    expect(fs.statSync(path.join(dir, keyFile)).mode & 0o777).toBe(0o600);
  });

  it('a tampered value or a different key reads as missing, not as garbage', () => {
    const dir = dataDir();
    createKeyFileSecretStore(dir).set('x', 'secret-code');
    const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.json'))!);
    const sealed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    const parts = sealed.x!.split(':');
    const body = Buffer.from(parts[3]!, 'base64');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64');
    fs.writeFileSync(file, JSON.stringify({ x: parts.join(':') }));
    expect(createKeyFileSecretStore(dir).get('x')).toBeNull();

    const other = dataDir();
    fs.copyFileSync(file, path.join(other, path.basename(file)));
    expect(createKeyFileSecretStore(other).get('x')).toBeNull();
  });
});
