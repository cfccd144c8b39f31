// Dev/test bootstrap for the analysis worker when running from TypeScript sources: Node 20 workers do not inherit
// `--import tsx` hooks from execArgv, so the worker registers tsx itself, then loads the real worker module.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../analysis/worker.ts', import.meta.url).href);
