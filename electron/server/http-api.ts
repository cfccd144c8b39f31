// HTTP door for scripts: POST /api/v1/<group>.<name> with a JSON body → the contract envelope.
import type http from 'node:http';
import type { Dispatcher } from '../engine/dispatch.js';
import type { ErrorCode } from '../shared/contract/envelope.js';

const MAX_BODY_BYTES = 1 << 20;

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  'invalid-input': 400,
  'unknown-method': 404,
  'not-found': 404,
  unauthorized: 401,
  forbidden: 403,
  conflict: 409,
  unavailable: 503,
  timeout: 504,
  rejected: 422,
  internal: 500,
};

export async function handleApiCall(dispatcher: Dispatcher, method: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  let body: unknown = undefined;
  try {
    const text = await readBody(req);
    body = text.trim() ? JSON.parse(text) : undefined;
  } catch (error) {
    sendJson(res, 400, { ok: false, error: { code: 'invalid-input', message: error instanceof BodyTooLarge ? error.message : 'The request body is not valid JSON.' } });
    return;
  }
  const result = await dispatcher.call(method, body, { door: 'http' });
  sendJson(res, result.ok ? 200 : (STATUS_BY_CODE[result.error.code] ?? 500), result);
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge(`The request body is larger than ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
