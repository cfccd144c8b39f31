// Dev/test entry of the analysis worker: registers tsx in this thread so the TypeScript worker can be imported.
// (The packaged app runs the bundled worker.js instead; `--import tsx` in Worker execArgv is not honoured.)
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
