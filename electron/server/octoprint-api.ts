// OctoPrint-compatible subset so slicers' "send to OctoPrint" lands files in the library:
// GET /api/version and POST /api/files/local (multipart `file`, optional `path`, `select`, `print`), X-Api-Key auth.
import type http from 'node:http';
import { FarmError } from '../shared/contract/envelope.js';
import type { Engine } from '../engine/engine.js';
import { SizeLimitError, formatBytes } from '../engine/files/library/content-store.js';
import type { FileLibrary, StagedUpload } from '../engine/files/library/library.js';
import { boundaryOf, MultipartError, MultipartReader } from '../engine/files/library/multipart.js';
import { FileNameError, splitUploadName } from '../engine/files/library/names.js';
import { appVersion } from '../engine/version.js';
import { isLoopback, presentedToken, tokenMatches } from './auth.js';

/** What PrusaSlicer/OrcaSlicer check: `api` present and `text` starting with "OctoPrint". */
const OCTOPRINT_API_VERSION = '0.1';
const OCTOPRINT_SERVER_VERSION = '1.10.0';
/** Bytes a refused upload may still send before the connection is closed (so small refusals reach curl cleanly). */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;
/** Multipart framing and small fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

export interface OctoprintContext {
  engine: Pick<Engine, 'files' | 'log'>;
  token: string;
}

type Refusal = { status: number; code: string; message: string };

/** The route module the server mounts; true when the request was one of ours. */
export async function octoprintApi(req: http.IncomingMessage, res: http.ServerResponse, ctx: OctoprintContext): Promise<boolean> {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
  const isVersion = pathname === '/api/version';
  const isUpload = pathname === '/api/files/local' || pathname === '/api/files/sdcard';
  if (!isVersion && !isUpload) return false;

  const auth = checkApiKey(req, ctx.token);
  if (auth) {
    await respondRefusal(req, res, auth);
    return true;
  }
  if (isVersion) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET'), true;
    sendJson(res, 200, {
      api: OCTOPRINT_API_VERSION,
      server: OCTOPRINT_SERVER_VERSION,
      text: `OctoPrint ${OCTOPRINT_SERVER_VERSION} (PrintFarm ${appVersion()})`,
    });
    return true;
  }
  if (req.method !== 'POST') return methodNotAllowed(res, 'POST'), true;
  if (pathname === '/api/files/sdcard') {
    await respondRefusal(req, res, { status: 404, code: 'no-sd-card', message: 'PrintFarm stores uploads in its library; upload to /api/files/local.' });
    return true;
  }
  await handleUpload(req, res, ctx.engine.files, ctx.engine.log);
  return true;
}

/**
 * For the server's 'checkContinue' event (a client sent `Expect: 100-continue`, as curl does for bodies over 1 MiB):
 * refuse a bad key, a non-multipart body or a declared size over the limit BEFORE the client sends the file.
 * Returns true when it answered; otherwise the caller sends 100 Continue and handles the request as usual:
 *   server.on('checkContinue', (req, res) => void octoprintContinue(req, res, ctx).then((done) => {
 *     if (!done) { res.writeContinue(); server.emit('request', req, res); } }));
 */
export async function octoprintContinue(req: http.IncomingMessage, res: http.ServerResponse, ctx: OctoprintContext): Promise<boolean> {
  const pathname = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
  if (pathname !== '/api/files/local' || req.method !== 'POST') return false;
  const declared = Number(req.headers['content-length']);
  const refusal =
    checkApiKey(req, ctx.token) ??
    (!boundaryOf(req.headers['content-type'])
      ? { status: 400, code: 'not-multipart', message: 'Expected a multipart/form-data body with a boundary.' }
      : Number.isFinite(declared) && declared > ctx.engine.files.maxBytes + FORM_OVERHEAD_BYTES
        ? { status: 413, code: 'too-large', message: `The file is larger than the ${formatBytes(ctx.engine.files.maxBytes)} limit.` }
        : null);
  if (!refusal) return false;
  // The body was never sent (no 100 Continue): close instead of waiting for it on a kept-alive connection.
  res.setHeader('connection', 'close');
  sendJson(res, refusal.status, { error: refusal.message, code: refusal.code });
  return true;
}

/**
 * OctoPrint always wants the key. A request without one is accepted only from this server's own page
 * (same-origin browser upload on a loopback bind, where the rest of the UI needs no token either) or with the session cookie.
 */
function checkApiKey(req: http.IncomingMessage, token: string): Refusal | null {
  const header = req.headers['x-api-key'];
  const key = typeof header === 'string' ? header.trim() : null;
  if (key) return tokenMatches(token, key) ? null : { status: 403, code: 'invalid-api-key', message: 'Invalid API key.' };
  if (tokenMatches(token, presentedToken(req))) return null;
  const origin = req.headers.origin;
  const sameOrigin = typeof origin === 'string' && safeHost(origin) === req.headers.host;
  if (sameOrigin && isLoopback(req.socket.localAddress?.replace(/^::ffff:/, '') ?? '')) return null;
  return { status: 401, code: 'api-key-required', message: 'An API key is required (X-Api-Key header with the server access token).' };
}

async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, library: FileLibrary, log: OctoprintContext['engine']['log']): Promise<void> {
  const boundary = boundaryOf(req.headers['content-type']);
  if (!boundary) {
    return respondRefusal(req, res, { status: 400, code: 'not-multipart', message: 'Expected a multipart/form-data body with a boundary.' });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > library.maxBytes + FORM_OVERHEAD_BYTES) {
    return respondRefusal(req, res, { status: 413, code: 'too-large', message: `The file is larger than the ${formatBytes(library.maxBytes)} limit.` });
  }

  const fields = new Map<string, string>();
  let staged: StagedUpload | null = null;
  let nameFolder = '';
  // The whole form may not exceed the file limit plus framing, whatever parts it is made of.
  const reader = new MultipartReader(req, boundary, { maxTotalBytes: library.maxBytes + FORM_OVERHEAD_BYTES });
  const discard = () => reader.discardRest(MAX_DRAIN_BYTES);
  try {
    for (let part = await reader.next(); part; part = await reader.next()) {
      if (part.name === 'file' && part.filename !== null) {
        if (staged) throw new MultipartError("The form has more than one 'file' part; send one file per request.");
        const split = splitUploadName(part.filename);
        nameFolder = split.folder;
        staged = await library.stageUpload(part.body, {
          name: split.name,
          expectedBytes: Number.isFinite(declared) ? declared : undefined,
        });
      } else if (['path', 'select', 'print', 'source', 'foldername'].includes(part.name)) {
        fields.set(part.name, await part.text(4096));
      }
      // Other parts (e.g. `userdata`) are skipped unread: next() drains them.
    }
    if (!staged) {
      if (fields.has('foldername')) {
        throw new FarmError('invalid-input', 'Creating folders over the OctoPrint API is not supported; create them in PrintFarm.');
      }
      return respondRefusal(req, res, { status: 400, code: 'no-file', message: "No file included (expected a multipart part named 'file')." }, discard);
    }
    const print = isTrue(fields.get('print'));
    const select = isTrue(fields.get('select'));
    const result = await library.commitUpload(staged, {
      // OctoPrint: `path` is the parent folder; a folder inside the file name (no `path`) is kept under it.
      folder: [fields.get('path') ?? '', nameFolder].filter((p) => p.trim() !== '' && p.trim() !== '/').join('/'),
      // The browser UI marks its uploads; everything else came from a slicer speaking OctoPrint.
      source: fields.get('source') === 'ui' ? 'upload' : 'octoprint',
      // A slicer re-sending "part.gcode" after re-slicing means the new one (OctoPrint overwrites too).
      onConflict: fields.get('source') === 'ui' ? 'rename' : 'replace',
    });
    staged = null;
    const jobRequest = print ? library.requestPrint(result.file.id, 'octoprint-api') : null;
    const origin = `http://${req.headers.host ?? 'localhost'}`;
    const encodedPath = result.file.path.split('/').map(encodeURIComponent).join('/');
    res.setHeader('location', `${origin}/api/files/local/${encodedPath}`);
    sendJson(res, 201, {
      done: true,
      files: {
        local: {
          name: result.file.name,
          display: result.file.name,
          path: result.file.path,
          origin: 'local',
          refs: { resource: `${origin}/api/files/local/${encodedPath}`, download: `${origin}/downloads/files/local/${encodedPath}` },
        },
      },
      effectiveSelect: select,
      effectivePrint: print,
      printfarm: {
        id: result.file.id,
        sha256: result.file.sha256,
        size: result.file.size,
        duplicate: result.duplicate,
        jobRequestId: jobRequest?.requestId ?? null,
      },
    });
  } catch (error) {
    if (staged) await library.discardUpload(staged);
    // The client went away mid-upload (slicer cancelled, network dropped): nothing to answer, nothing kept.
    if (req.socket.destroyed || res.destroyed || (error as { code?: string } | null)?.code === 'ECONNRESET') {
      log.info({ url: req.url }, 'upload aborted by the client');
      return;
    }
    const refusal = refusalOf(error);
    if (refusal.status >= 500) log.error({ err: String(error) }, 'upload failed');
    return respondRefusal(req, res, refusal, discard);
  }
}

function refusalOf(error: unknown): Refusal {
  if (error instanceof SizeLimitError) return { status: 413, code: 'too-large', message: error.message };
  if (error instanceof FileNameError) {
    return { status: error.reason === 'unsupported-type' ? 415 : 400, code: error.reason, message: error.message };
  }
  if (error instanceof MultipartError) return { status: 400, code: 'bad-multipart', message: error.message };
  if (error instanceof FarmError) {
    const status = error.code === 'conflict' ? 409 : error.code === 'not-found' ? 404 : error.code === 'invalid-input' ? 400 : 500;
    return { status, code: error.code, message: error.message };
  }
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return { status: 507, code: 'disk-full', message: 'The disk holding the library is full; free some space and send the file again.' };
  }
  return { status: 500, code: 'internal', message: 'The upload could not be stored.' };
}

/**
 * Answer a refusal. The client may still be sending: read (and drop) a bounded amount first so it receives the
 * answer instead of a reset connection; past that, answer and close.
 */
async function respondRefusal(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  refusal: Refusal,
  discardBody: () => Promise<boolean> = () => drain(req, MAX_DRAIN_BYTES),
): Promise<void> {
  const drained = await discardBody();
  if (!drained) res.setHeader('connection', 'close');
  // OctoPrint answers errors as {"error": "..."}; `code` names the reason for scripts.
  sendJson(res, refusal.status, { error: refusal.message, code: refusal.code });
  if (!drained) res.once('finish', () => req.socket.destroySoon?.());
}

function drain(req: http.IncomingMessage, limit: number): Promise<boolean> {
  if (req.readableEnded || req.complete) return Promise.resolve(true);
  return new Promise((resolve) => {
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) finish(false);
    };
    const finish = (ok: boolean) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      if (!ok) req.pause();
      resolve(ok);
    };
    const onEnd = () => finish(true);
    const onError = () => finish(false);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.resume();
  });
}

function methodNotAllowed(res: http.ServerResponse, allow: string): void {
  res.setHeader('allow', allow);
  sendJson(res, 405, { error: `Method not allowed; use ${allow}.`, code: 'method-not-allowed' });
}

function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['true', '1', 'yes', 'on'].includes(value.trim().toLowerCase());
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
