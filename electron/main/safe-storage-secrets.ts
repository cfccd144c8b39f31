// SecretStore on Electron safeStorage (OS keychain-backed encryption); values kept in a 0600 JSON file in userData.
import { safeStorage } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import type { SecretStore } from '../engine/printers/printer-service.js';

export function createSafeStorageSecretStore(dataDir: string): SecretStore | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  const file = path.join(dataDir, 'secrets.safe.json');
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = (all: Record<string, string>) => fs.writeFileSync(file, JSON.stringify(all), { mode: 0o600 });
  return {
    get: (key) => {
      const value = read()[key];
      return value ? safeStorage.decryptString(Buffer.from(value, 'base64')) : null;
    },
    set: (key, value) => write({ ...read(), [key]: safeStorage.encryptString(value).toString('base64') }),
    delete: (key) => {
      const all = read();
      delete all[key];
      write(all);
    },
  };
}
