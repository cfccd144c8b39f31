// Worker bootstrap: workers start as plain Node, so register tsx's ESM loader (unless already active) and import the
// TypeScript module named in workerData.entry. Works under `node --import tsx` and under vitest alike.
import { workerData } from 'node:worker_threads';

if (!process.execArgv.some((a) => a.includes('tsx'))) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(workerData.entry);
