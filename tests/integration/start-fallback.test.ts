// `npm start` where Electron cannot run (no binary here): one clear sentence, then the same UI served on localhost.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('npm start fallback', () => {
  it('says why Electron cannot start and serves the interface instead', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-start-'));
    // DISPLAY unset: on a machine with the Electron binary the "no display" branch is taken instead.
    const env = { ...process.env };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    const child = spawn(process.execPath, ['scripts/start.mjs', '--port', '0', '--data-dir', dataDir, '--no-demo', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const lines: string[] = [];
      const rl = readline.createInterface({ input: child.stdout! });
      const info = await new Promise<{ url: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${lines.join('\n')}`)), 60_000);
        rl.on('line', (line) => {
          lines.push(line);
          if (line.startsWith('{')) {
            clearTimeout(timer);
            resolve(JSON.parse(line));
          }
        });
      });
      expect(lines.join('\n')).toMatch(/Electron cannot start here \((its binary is not installed on this machine|there is no display)\), so PrintFarm is serving the same interface in your browser instead\./);
      const res = await fetch(`${info.url}/api/v1/app.info`, { method: 'POST' });
      expect(((await res.json()) as any).value.name).toBe('PrintFarm');
      const page = await fetch(info.url);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
    }
  });
});
