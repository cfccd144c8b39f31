// Worker-thread body: runs analyzeFileInProcess for the pool, posting progress and honouring cancel messages.
import { parentPort } from 'node:worker_threads';
import { FarmError } from '../../../shared/contract/envelope.js';
import { analyzeFileInProcess } from './analyze-file.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('analysis worker must run in a worker thread');
const controllers = new Map<number, AbortController>();

port.on('message', (message: WorkerRequest) => {
  if (message.type === 'cancel') {
    controllers.get(message.id)?.abort();
    return;
  }
  const controller = new AbortController();
  controllers.set(message.id, controller);
  const id = message.id;
  analyzeFileInProcess(message.path, {
    signal: controller.signal,
    profile: message.profile,
    onProgress: (fraction) => port.postMessage({ type: 'progress', id, fraction } satisfies WorkerReply),
  })
    .then((result) => port.postMessage({ type: 'done', id, result } satisfies WorkerReply))
    .catch((error: unknown) => {
      const reply: WorkerReply =
        error instanceof FarmError
          ? { type: 'error', id, code: error.code, message: error.message }
          : { type: 'error', id, code: 'internal', message: error instanceof Error ? error.message : String(error) };
      port.postMessage(reply);
    })
    .finally(() => controllers.delete(id));
});
