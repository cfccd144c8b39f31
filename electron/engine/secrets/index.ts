// Secrets at rest (Bambu access codes): AES-256-GCM, key in a 0600 file in the data dir (headless).
// The desktop shell passes its own SecretStore backed by Electron safeStorage instead.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretStore } from '../printers/printer-service.js';

export type { SecretStore };

const KEY_FILE = 'secret.key';
const STORE_FILE = 'secrets.json';

export function createKeyFileSecretStore(dataDir: string): SecretStore {
  fs.mkdirSync(dataDir, { recursive: true });
  const key = loadOrCreateKey(path.join(dataDir, KEY_FILE));
  const storeFile = path.join(dataDir, STORE_FILE);
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(fs.readFileSync(storeFile, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = (all: Record<string, string>) => {
    const tmp = `${storeFile}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(all, null, 1), { mode: 0o600 });
    fs.renameSync(tmp, storeFile); // atomic: a crash leaves the old file or the new one, never half of one
  };
  return {
    get(name) {
      const sealed = read()[name];
      return sealed ? open(key, sealed) : null;
    },
    set(name, value) {
      const all = read();
      all[name] = seal(key, value);
      write(all);
    },
    delete(name) {
      const all = read();
      if (name in all) {
        delete all[name];
        write(all);
      }
    },
  };
}

function loadOrCreateKey(file: string): Buffer {
  try {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length === 32) return key;
  } catch {
    // first run
  }
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('base64') + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return key;
}

function seal(key: Buffer, plain: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

function open(key: Buffer, sealed: string): string | null {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== 'v1' || !iv || !tag || body === undefined) return null;
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null; // wrong key or tampered file: treat as missing, the user re-enters the code
  }
}
