// `printfarm serve` as a real process: app.info over HTTP and WebSocket, OpenAPI, /metrics, and the token rules.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callHttp, startServe, type ServedFarm } from '../support/serve.js';

function wsCall(url: string, method: string, input?: unknown, headers: Record<string, string> = {}): Promise<any> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace('http', 'ws') + '/ws', { headers });
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('open', () => ws.send(JSON.stringify({ id: 7, type: 'call', method, input })));
    ws.once('message', (data) => {
      ws.close();
      resolve(JSON.parse(data.toString()));
    });
  });
}

describe('headless server on loopback', () => {
  let farm: ServedFarm;
  beforeAll(async () => {
    farm = await startServe(['--no-demo']);
  });
  afterAll(async () => {
    await farm?.stop();
  });

  it('answers app.info over HTTP', async () => {
    const { status, body } = await callHttp(farm.url, 'app.info');
    expect(status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.value).toMatchObject({ name: 'PrintFarm', mode: 'headless', dataDir: farm.dataDir });
  });

  it('answers app.info over WebSocket with the same envelope', async () => {
    const message = await wsCall(farm.url, 'app.info', {});
    expect(message).toMatchObject({ id: 7, type: 'result', result: { ok: true, value: { name: 'PrintFarm' } } });
  });

  it('gives invalid-input with the field named, and HTTP 400', async () => {
    const { status, body } = await callHttp(farm.url, 'printers.gcode', { id: 'x', gcode: 5 });
    expect(status).toBe(400);
    expect(body.error!.code).toBe('invalid-input');
    expect(body.error!.message).toContain('gcode');
  });

  it('refuses a body that is not JSON with a clear error', async () => {
    const res = await fetch(`${farm.url}/api/v1/app.info`, { method: 'POST', body: '{nope' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.message).toMatch(/not valid JSON/);
  });

  it('serves an OpenAPI document generated from the contract', async () => {
    const doc = (await (await fetch(`${farm.url}/api/v1/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/app.info'].post.summary).toMatch(/Version/);
    expect(doc.paths['/api/v1/printers.gcode'].post.requestBody.content['application/json'].schema.properties.gcode).toBeDefined();
  });

  it('exposes call histograms in Prometheus text at /metrics', async () => {
    await callHttp(farm.url, 'app.info');
    const text = await (await fetch(`${farm.url}/metrics`)).text();
    expect(text).toMatch(/printfarm_call_duration_seconds_count\{door="http",method="app.info"\} \d+/);
    expect(text).toContain('printfarm_process_rss_bytes');
  });

  it('refuses a WebSocket from a foreign Origin', async () => {
    await expect(wsCall(farm.url, 'app.info', {}, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('stores the access token with 0600 permissions', () => {
    const stat = fs.statSync(path.join(farm.dataDir, 'access-token'));
    expect(stat.mode & 0o777).toBe(0o600);
  });
});

describe('headless server on a non-loopback bind', () => {
  let farm: ServedFarm;
  let token: string;
  beforeAll(async () => {
    // Bound to every interface; the test only talks to it over 127.0.0.1.
    farm = await startServe(['--host', '0.0.0.0', '--no-demo']);
    token = fs.readFileSync(path.join(farm.dataDir, 'access-token'), 'utf8').trim();
    farm.url = `http://127.0.0.1:${farm.port}`;
  });
  afterAll(async () => {
    await farm?.stop();
  });

  it('answers 401 without a token, on the API, /metrics, the UI and the WebSocket', async () => {
    expect((await callHttp(farm.url, 'app.info')).status).toBe(401);
    expect((await fetch(`${farm.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${farm.url}/`)).status).toBe(401);
    await expect(wsCall(farm.url, 'app.info')).rejects.toThrow(/401/);
    expect((await callHttp(farm.url, 'app.info', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
  });

  it('accepts the token as Bearer, as X-Api-Key and on the WebSocket', async () => {
    expect((await callHttp(farm.url, 'app.info', undefined, { authorization: `Bearer ${token}` })).body.ok).toBe(true);
    expect((await callHttp(farm.url, 'app.info', undefined, { 'x-api-key': token })).body.ok).toBe(true);
    const message = await wsCall(farm.url, 'app.info', {}, { authorization: `Bearer ${token}` });
    expect(message.result.ok).toBe(true);
  });

  it('turns ?token= into an HttpOnly session cookie for the browser app', async () => {
    const res = await fetch(`${farm.url}/?token=${token}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    const withCookie = await callHttp(farm.url, 'app.info', undefined, { cookie: cookie.split(';')[0] });
    expect(withCookie.body.ok).toBe(true);
  });
});
