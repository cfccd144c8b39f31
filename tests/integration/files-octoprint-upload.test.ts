// Slicer upload over real HTTP, sent the way PrusaSlicer/OrcaSlicer send it (libcurl multipart + X-Api-Key), with the refusals.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine.js';
import { octoprintApi, octoprintContinue } from '../../electron/server/octoprint-api.js';
import { serverRoutes } from '../../electron/server/routes.js';
import { startServer, type FarmServer } from '../../electron/server/server.js';
import { FIXTURES } from '../support/files-library.js';

const run = promisify(execFile);
const TOKEN = 'k'.repeat(43);
const BOX = path.join(FIXTURES, 'v2_ender3_box_028_absE.gcode');
const LIMIT = 2 * 1024 * 1024;

let dir: string;
let engine: Engine;
let server: FarmServer;
let bigFile: string;
let tooBig: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-octo-'));
  engine = await createEngine({ dataDir: path.join(dir, 'data'), mode: 'headless', hostSampling: false, maxUploadBytes: LIMIT });
  server = await startServer({ engine, host: '127.0.0.1', port: 0, token: TOKEN, rendererDir: null, routes: serverRoutes() });
  // > 1 MiB, so curl uses "Expect: 100-continue" as it does for real slicer output.
  const box = fs.readFileSync(BOX);
  bigFile = path.join(dir, 'big.gcode');
  fs.writeFileSync(bigFile, Buffer.concat(Array.from({ length: 15 }, () => box)));
  tooBig = path.join(dir, 'toobig.gcode');
  fs.writeFileSync(tooBig, Buffer.concat(Array.from({ length: 25 }, () => box)));
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** curl -F exactly like PrusaSlicer's OctoPrint::upload: print, path, then the file part. */
async function curlUpload(file: string, opts: { filename?: string; path?: string; print?: boolean; key?: string | null; extra?: string[] } = {}) {
  const args = ['-sS', '-o', '-', '-w', '\n%{http_code}', '-X', 'POST'];
  if (opts.key !== null) args.push('-H', `X-Api-Key: ${opts.key ?? TOKEN}`);
  args.push('-F', `print=${opts.print ? 'true' : 'false'}`);
  args.push('-F', `path=${opts.path ?? ''}`);
  args.push('-F', `file=@${file};filename=${opts.filename ?? path.basename(file)}`);
  args.push(...(opts.extra ?? []));
  args.push(`${server.url}/api/files/local`);
  const { stdout } = await run('curl', args);
  const cut = stdout.lastIndexOf('\n');
  return { status: Number(stdout.slice(cut + 1)), body: JSON.parse(stdout.slice(0, cut)) };
}

function incomingIsEmpty(): boolean {
  return fs.readdirSync(path.join(engine.dataDir, 'files', '.incoming')).length === 0;
}

describe('OctoPrint-compatible API', () => {
  it('answers /api/version the way PrusaSlicer validates it', async () => {
    const res = await fetch(`${server.url}/api/version`, { headers: { 'X-Api-Key': TOKEN } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { api: string; server: string; text: string };
    expect(body.api).toBeTruthy();
    expect(body.text.startsWith('OctoPrint')).toBe(true);
    expect(body.server).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses a missing or wrong API key', async () => {
    expect((await fetch(`${server.url}/api/version`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/api/version`, { headers: { 'X-Api-Key': 'nope' } });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ error: 'Invalid API key.' });
    const upload = await curlUpload(BOX, { key: 'wrong' });
    expect(upload.status).toBe(403);
    const anonymous = await curlUpload(BOX, { key: null });
    expect(anonymous.status).toBe(401);
    expect(engine.files.list({}).files).toEqual([]);
  });

  it('stores an upload in the library, byte-exact, with OctoPrint\'s 201 answer', async () => {
    const { status, body } = await curlUpload(BOX);
    expect(status).toBe(201);
    expect(body).toMatchObject({ done: true, files: { local: { name: 'v2_ender3_box_028_absE.gcode', origin: 'local', path: 'v2_ender3_box_028_absE.gcode' } } });
    const entry = engine.files.get(body.printfarm.id);
    expect(entry.source).toBe('octoprint');
    expect(fs.readFileSync(engine.files.blobPath(entry.sha256)).equals(fs.readFileSync(BOX))).toBe(true);
    expect(body.printfarm.jobRequestId).toBeNull();
  });

  it('streams a >1 MiB upload (Expect: 100-continue) into a folder and records a job request for print=true', async () => {
    const { status, body } = await curlUpload(bigFile, { path: 'farm/pla', print: true });
    expect(status).toBe(201);
    expect(body.files.local.path).toBe('farm/pla/big.gcode');
    expect(body.effectivePrint).toBe(true);
    const entry = engine.files.get(body.printfarm.id);
    expect(entry.folder).toBe('farm/pla');
    expect(fs.readFileSync(engine.files.blobPath(entry.sha256)).equals(fs.readFileSync(bigFile))).toBe(true);
    const rows = engine.db.prepare('SELECT file_id, sha256, source FROM job_requests').all();
    expect(rows).toEqual([{ file_id: entry.id, sha256: entry.sha256, source: 'octoprint-api' }]);
    // Sent again (slicer re-send of the same bytes): the same entry, no second copy.
    const again = await curlUpload(bigFile, { path: 'farm/pla' });
    expect(again.body.printfarm).toMatchObject({ id: entry.id, duplicate: true });
  });

  it('keeps a folder given inside the file name, as OctoPrint does', async () => {
    const { status, body } = await curlUpload(BOX, { filename: 'nested/deeper/n.gcode' });
    expect(status).toBe(201);
    expect(body.files.local.path).toBe('nested/deeper/n.gcode');
  });

  it('accepts Windows-style parent paths from PrusaSlicer on Windows', async () => {
    const { status, body } = await curlUpload(BOX, { path: 'win\\sub', filename: 'w.gcode' });
    expect(status).toBe(201);
    expect(body.files.local.path).toBe('win/sub/w.gcode');
  });

  it('refuses traversal, absolute paths and non-G-code names with typed errors, storing nothing', async () => {
    const before = engine.files.list({ search: 'evil' }).files.length;
    const cases: Array<[Parameters<typeof curlUpload>[1], number, string]> = [
      [{ filename: '../evil.gcode' }, 400, 'traversal'],
      [{ filename: '../../../../etc/evil.gcode' }, 400, 'traversal'],
      [{ filename: '/etc/evil.gcode' }, 400, 'absolute'],
      [{ filename: 'C:\\evil.gcode' }, 400, 'absolute'],
      [{ filename: 'evil.stl' }, 415, 'unsupported-type'],
      [{ filename: 'evil.sh' }, 415, 'unsupported-type'],
      [{ filename: 'evil.gcode', path: '../outside' }, 400, 'traversal'],
      [{ filename: 'evil.gcode', path: '/etc' }, 400, 'absolute'],
    ];
    for (const [opts, status, code] of cases) {
      const res = await curlUpload(BOX, opts);
      expect({ opts, status: res.status, code: res.body.code }).toEqual({ opts, status, code });
      expect(typeof res.body.error).toBe('string');
    }
    expect(engine.files.list({ search: 'evil' }).files.length).toBe(before);
    expect(fs.readdirSync(path.join(engine.dataDir, 'files')).includes('etc')).toBe(false);
    expect(incomingIsEmpty()).toBe(true);
  });

  it('refuses a file over the size limit (413) without keeping any of it', async () => {
    const res = await curlUpload(tooBig);
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('too-large');
    // Chunked (no Content-Length): the limit is enforced while streaming.
    const chunked = await curlUpload(tooBig, { extra: ['-H', 'Transfer-Encoding: chunked'] });
    expect(chunked.status).toBe(413);
    expect(engine.files.list({ search: 'toobig' }).files).toEqual([]);
    expect(incomingIsEmpty()).toBe(true);
  });

  it('refuses a form without a file part and a body that is not multipart', async () => {
    const noFile = await run('curl', ['-sS', '-w', '\n%{http_code}', '-H', `X-Api-Key: ${TOKEN}`, '-F', 'print=true', `${server.url}/api/files/local`]);
    expect(noFile.stdout.trim().split('\n').pop()).toBe('400');
    expect(noFile.stdout).toContain('No file included');
    const res = await fetch(`${server.url}/api/files/local`, { method: 'POST', headers: { 'X-Api-Key': TOKEN, 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'not-multipart' });
  });

  it('drops a half-sent upload when the client disconnects', async () => {
    await new Promise<void>((resolve) => {
      const req = http.request(`${server.url}/api/files/local`, {
        method: 'POST',
        headers: { 'X-Api-Key': TOKEN, 'content-type': 'multipart/form-data; boundary=XyZ', 'content-length': '100000' },
      });
      req.on('error', () => resolve());
      req.write('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="half.gcode"\r\n\r\nG28\nG1 X10\n');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200);
    });
    // The server notices the closed connection and removes the temp file.
    for (let i = 0; i < 50 && !incomingIsEmpty(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(incomingIsEmpty()).toBe(true);
    expect(engine.files.list({ search: 'half' }).files).toEqual([]);
  });

  it('can refuse before the body is sent when the server consults it on Expect: 100-continue', async () => {
    const ctx = { engine, token: TOKEN };
    const early = http.createServer((req, res) => void octoprintApi(req, res, ctx));
    early.on('checkContinue', (req, res) =>
      void octoprintContinue(req, res, ctx).then((answered) => {
        if (!answered) {
          res.writeContinue();
          early.emit('request', req, res);
        }
      }),
    );
    await new Promise<void>((resolve) => early.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(early.address() as { port: number }).port}/api/files/local`;
    const send = async (file: string, key: string) => {
      const { stdout } = await run('curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code} %{size_upload}', '-H', `X-Api-Key: ${key}`, '-F', `file=@${file}`, url]);
      const [status, uploaded] = stdout.trim().split(' ').map(Number);
      return { status, uploaded };
    };
    try {
      const tooLarge = await send(tooBig, TOKEN);
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.uploaded).toBeLessThan(fs.statSync(tooBig).size / 10);
      const badKey = await send(bigFile, 'wrong');
      expect(badKey.status).toBe(403);
      expect(badKey.uploaded).toBeLessThan(fs.statSync(bigFile).size / 10);
      const fine = await send(bigFile, TOKEN);
      expect(fine.status).toBe(201);
      expect(fine.uploaded).toBeGreaterThanOrEqual(fs.statSync(bigFile).size);
    } finally {
      early.closeAllConnections();
      await new Promise((r) => early.close(r));
    }
  });

  it('allows files.importPath from the desktop door only', async () => {
    const remote = await engine.dispatcher.call('files.importPath', { path: BOX }, { door: 'ws' });
    expect(remote).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const desktop = await engine.dispatcher.call('files.importPath', { path: BOX, folder: 'desk' }, { door: 'ipc' });
    expect(desktop).toMatchObject({ ok: true, value: { file: { folder: 'desk', source: 'import' } } });
  });

  it('lets the browser UI upload from the same origin on a loopback bind without the key', async () => {
    const form = new FormData();
    form.append('source', 'ui');
    form.append('file', new Blob([fs.readFileSync(BOX)]), 'from-ui.gcode');
    const host = new URL(server.url).host;
    const res = await fetch(`${server.url}/api/files/local`, { method: 'POST', body: form, headers: { origin: `http://${host}` } });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { printfarm: { id: string } };
    expect(engine.files.get(body.printfarm.id).source).toBe('upload');
    // Another site's page (CSRF) is refused.
    const evil = await fetch(`${server.url}/api/files/local`, { method: 'POST', body: form, headers: { origin: 'http://evil.example' } });
    expect(evil.status).toBe(401);
  });
});
