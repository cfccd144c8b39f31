#!/usr/bin/env node
// `npm start`: build if needed, then launch Electron. When Electron cannot start here (binary not installed,
// no display), say so in one sentence and serve the same interface on localhost instead.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const built = fs.existsSync('out/renderer/index.html') && fs.existsSync('out/main/index.js');
const stale = built && Math.max(newestMtime('electron'), newestMtime('renderer')) > fs.statSync('out/main/index.js').mtimeMs;
if (!built || stale) {
  process.stdout.write('Building PrintFarm…\n');
  if (spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' }).status !== 0) process.exit(1);
}

function electronBinary() {
  // electron ≥ 42 has no install step: the binary arrives on first use, which needs its download host.
  const pkgDir = path.dirname(require.resolve('electron/package.json'));
  const pathFile = path.join(pkgDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(pkgDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

function serveInstead(reason) {
  process.stdout.write(`Electron cannot start here (${reason}), so PrintFarm is serving the same interface in your browser instead.\n`);
  const child = spawn(process.execPath, ['bin/printfarm.mjs', 'serve', ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const binary = electronBinary();
if (!binary) serveInstead('its binary is not installed on this machine');
else if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) serveInstead('there is no display');
else {
  const started = Date.now();
  const child = spawn(binary, ['.', ...args], { stdio: 'inherit' });
  child.on('error', (error) => serveInstead(error.message));
  child.on('exit', (code) => {
    // A crash within seconds of launch means Electron itself could not run (missing libraries, GPU, sandbox).
    if (code !== 0 && Date.now() - started < 5000) serveInstead(`it exited with code ${code} at launch`);
    else process.exit(code ?? 0);
  });
}
