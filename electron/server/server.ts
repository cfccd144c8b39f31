// The headless server: HTTP API, WebSocket door, OpenAPI, Prometheus metrics and the built renderer, behind token auth.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Engine } from '../engine/engine.js';
import { appVersion } from '../engine/version.js';
import { isLoopback, originAllowed, presentedToken, SESSION_COOKIE, tokenMatches } from './auth.js';
import { handleApiCall, sendJson } from './http-api.js';
import { buildOpenApi } from './openapi.js';
import { serveStatic } from './static.js';
import { attachWsClient } from './ws-door.js';

/** Extra route modules (e.g. the OctoPrint-compatible upload API): return true when they handled the request. */
export type Route = (req: http.IncomingMessage, res: http.ServerResponse, ctx: { engine: Engine; token: string }) => Promise<boolean>;

export interface ServerOptions {
  engine: Engine;
  host: string;
  port: number;
  token: string;
  rendererDir: string | null;
  routes?: Route[];
  /** Checks run on `Expect: 100-continue` before the body is sent; true = refused (answered) already. */
  continueChecks?: Route[];
}

export interface FarmServer {
  url: string;
  port: number;
  host: string;
  /** Whether every request must carry the token (any non-loopback bind). */
  tokenRequired: boolean;
  close(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<FarmServer> {
  const { engine, token } = options;
  const tokenRequired = !isLoopback(options.host);
  const routes = options.routes ?? [];

  const authorized = (req: http.IncomingMessage) => !tokenRequired || tokenMatches(token, presentedToken(req));

  const server = http.createServer((req, res) => {
    void route(req, res).catch((error: unknown) => {
      engine.log.error({ err: String(error), url: req.url }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: 'The server failed to answer.' } });
      else res.destroy();
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // Opening the printed URL with ?token= once sets a session cookie, so the browser app can talk to the API.
    const queryToken = url.searchParams.get('token');
    if (queryToken && req.method === 'GET' && tokenMatches(token, queryToken)) {
      res.writeHead(302, {
        'set-cookie': `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        location: url.pathname,
      });
      res.end();
      return;
    }
    if (!authorized(req)) {
      res.setHeader('www-authenticate', 'Bearer realm="printfarm"');
      sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'An access token is required (Authorization: Bearer <token> or X-Api-Key).' } });
      return;
    }
    for (const extra of routes) if (await extra(req, res, { engine, token })) return;

    if (url.pathname.startsWith('/api/v1/')) {
      const method = url.pathname.slice('/api/v1/'.length);
      if (method === 'openapi.json' && req.method === 'GET') return sendJson(res, 200, buildOpenApi(appVersion()));
      if (req.method !== 'POST') {
        res.setHeader('allow', 'POST');
        return sendJson(res, 405, { ok: false, error: { code: 'invalid-input', message: 'Use POST with a JSON body.' } });
      }
      return handleApiCall(engine.dispatcher, method, req, res);
    }
    if (url.pathname === '/metrics' && req.method === 'GET') {
      const text = engine.metrics.prometheus();
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
      res.end(text);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { ok: false, error: { code: 'invalid-input', message: 'Method not allowed.' } });
    serveStatic(options.rendererDir, req, res);
  }

  // Refuse a doomed upload (bad key, too large) before the client sends the body; otherwise let it proceed.
  server.on('checkContinue', (req, res) => {
    void (async () => {
      if (authorized(req)) for (const check of options.continueChecks ?? []) if (await check(req, res, { engine, token })) return;
      res.writeContinue();
      server.emit('request', req, res);
    })().catch(() => res.destroy());
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return void socket.destroy();
    if (!originAllowed(req)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n');
      return;
    }
    if (!authorized(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachWsClient(ws, engine.dispatcher, engine.bus));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    host: address.address,
    tokenRequired,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
