// Three builds: the Electron main process, the sandboxed preload (CommonJS, as sandboxed preloads must be), the renderer.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** The migration runner reads numbered .sql files at run time: ship them beside the main bundle. */
function copyMigrations(): Plugin {
  return {
    name: 'printfarm-copy-migrations',
    writeBundle(options) {
      const from = path.resolve('electron/engine/store/migrations');
      const to = path.join(options.dir ?? 'out/main', 'migrations');
      fs.mkdirSync(to, { recursive: true });
      for (const file of fs.readdirSync(from)) if (file.endsWith('.sql')) fs.copyFileSync(path.join(from, file), path.join(to, file));
    },
  };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: path.resolve('electron/main/index.ts'),
          // G-code analysis worker thread (AnalysisPool loads ./analysis-worker.js beside the main bundle).
          'analysis-worker': path.resolve('electron/engine/files/analysis/worker.ts'),
          // Marlin sender process (sender-host forks ./sender-worker.js beside the main bundle).
          'sender-worker': path.resolve('electron/engine/drivers/marlin/sender-worker.ts'),
        },
      },
    },
    plugins: [copyMigrations()],
  },
  preload: {
    build: {
      // A sandboxed preload can require only 'electron': bundle zod (the contract) into it.
      externalizeDeps: { exclude: ['zod'] },
      rollupOptions: {
        input: { index: path.resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: path.resolve('renderer'),
    build: { rollupOptions: { input: path.resolve('renderer/index.html') } },
    plugins: [react()],
  },
});
