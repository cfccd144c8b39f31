// Which script the analysis pool should run: the built worker when it exists, else the tsx bootstrap beside this file.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** undefined = let AnalysisPool pick its default (the bundled worker.js in builds). */
export function analysisWorkerUrl(): URL | undefined {
  try {
    if (existsSync(fileURLToPath(new URL('../analysis/worker.js', import.meta.url)))) return undefined;
    const bootstrap = new URL('./dev-analysis-worker.mjs', import.meta.url);
    return existsSync(fileURLToPath(bootstrap)) ? bootstrap : undefined;
  } catch {
    return undefined;
  }
}
