// Paths the CLI needs: the package root, the built renderer, the default data directory.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'printfarm') return dir;
    dir = path.dirname(dir);
  }
  throw new Error('cannot find the printfarm package root');
}

export function rendererDir(): string | null {
  const dir = path.join(packageRoot(), 'out', 'renderer');
  return fs.existsSync(path.join(dir, 'index.html')) ? dir : null;
}

export function defaultDataDir(): string {
  return process.env.PRINTFARM_DATA_DIR ?? path.join(os.homedir(), '.printfarm');
}
