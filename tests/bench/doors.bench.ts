// Foundation budgets: cold start of the headless server (< 1.5 s to answer) and WS/HTTP round trips of a cached query (p99 < 2 ms).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { Histogram } from '../../electron/engine/metrics/histogram.js';
import { freePort } from '../support/free-port.js';

async function coldStart(): Promise<{ ms: number; stop: () => void; url: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/printfarm.mjs', 'serve', '--port', String(port), '--data-dir', dataDir, '--no-demo'], { stdio: 'ignore' });
  for (;;) {
    try {
      const res = await fetch(`${url}/api/v1/app.info`, { method: 'POST' });
      if (res.ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  return { ms: performance.now() - started, url, stop: () => child.kill('SIGTERM') };
}

async function wsRoundTrips(url: string, n: number): Promise<Histogram> {
  const ws = new WebSocket(url.replace('http', 'ws') + '/ws');
  await new Promise((r) => ws.once('open', r));
  const h = new Histogram();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await new Promise<void>((resolve) => {
      ws.once('message', () => resolve());
      ws.send(JSON.stringify({ id: i, type: 'call', method: 'app.info' }));
    });
    if (i >= 200) h.record(performance.now() - t); // after warm-up
  }
  ws.close();
  return h;
}

async function httpRoundTrips(url: string, n: number): Promise<Histogram> {
  const h = new Histogram();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await (await fetch(`${url}/api/v1/app.info`, { method: 'POST' })).arrayBuffer();
    if (i >= 100) h.record(performance.now() - t);
  }
  return h;
}

const starts: number[] = [];
let last: Awaited<ReturnType<typeof coldStart>> | null = null;
for (let i = 0; i < 3; i++) {
  last?.stop();
  last = await coldStart();
  starts.push(last.ms);
}
const ws = (await wsRoundTrips(last!.url, 5200)).snapshot();
const http = (await httpRoundTrips(last!.url, 2100)).snapshot();
last!.stop();

const median = [...starts].sort((a, b) => a - b)[1];
process.stdout.write(
  JSON.stringify(
    {
      bench: 'doors',
      coldStartMs: { runs: starts.map(Math.round), median: Math.round(median), budget: 1500, withinBudget: median < 1500 },
      wsRoundTripMs: { p50: +ws.p50.toFixed(3), p99: +ws.p99.toFixed(3), max: +ws.max.toFixed(3), count: ws.count, budgetP99: 2, withinBudget: ws.p99 < 2 },
      httpRoundTripMs: { p50: +http.p50.toFixed(3), p99: +http.p99.toFixed(3), count: http.count, reference: 'HTTP is for scripts; the UI uses the WebSocket' },
    },
    null,
    1,
  ) + '\n',
);
process.exit(0);
