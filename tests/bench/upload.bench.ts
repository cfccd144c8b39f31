// Slicer upload path: multipart POST to /api/files/local streamed into the content store. Prints throughput against
// a discard server on the same loopback (the peer baseline), the re-upload (hash hit) cost, and peak RSS growth,
// which must stay far below the file size (the body is never held in memory).
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../native/sqlite.js';
import { FileLibrary } from '../../electron/engine/files/library/library.js';
import { migrate } from '../../electron/engine/store/migrate.js';
import { FilesRepo } from '../../electron/engine/store/files-repo.js';
import { octoprintApi } from '../../electron/server/octoprint-api.js';

const MB = 1024 * 1024;
const SIZE_MB = Number(process.env.BENCH_UPLOAD_MB ?? 512);
const SMALL_MB = Math.max(1, Math.round(SIZE_MB / 4));
const TOKEN = 'b'.repeat(43);
const BOUNDARY = '------------------------benchboundary42';
const quiet = { info() {}, warn() {}, error() {} };

/** A G-code-looking chunk repeated; the last chunk carries a counter so each run's bytes differ when asked. */
function* body(salt: string, sizeMb = SIZE_MB): Generator<Buffer> {
  yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="print"\r\n\r\nfalse\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="path"\r\n\r\nbench\r\n`);
  yield Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.gcode"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const line = Buffer.from('G1 X123.456 Y78.901 E0.03125 F1800 ; bench move\n');
  const chunk = Buffer.concat(Array.from({ length: Math.ceil((256 * 1024) / line.length) }, () => line)).subarray(0, 256 * 1024);
  for (let sent = 0; sent < sizeMb * MB; sent += chunk.length) yield chunk;
  yield Buffer.from(`; ${salt}\n\r\n--${BOUNDARY}--\r\n`);
}

function post(url: string, salt: string, sizeMb = SIZE_MB): Promise<{ status: number; ms: number; text: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(url, { method: 'POST', headers: { 'X-Api-Key': TOKEN, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, text }));
    });
    const chunks = body(salt, sizeMb);
    const pump = () => {
      for (let next = chunks.next(); !next.done; next = chunks.next()) {
        if (!req.write(next.value)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'printfarm-bench-upload-'));
  const db = openDatabase(path.join(dir, 'printfarm.db'));
  migrate(db);
  const library = new FileLibrary({ dataDir: dir, repo: new FilesRepo(db), events: { emit() {} }, analyzer: null, maxBytes: 4 * 1024 * MB });
  await library.init();
  const server = http.createServer((req, res) => void octoprintApi(req, res, { engine: { files: library, log: quiet }, token: TOKEN }));
  const discard = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  const url = `${await listen(server)}/api/files/local`;
  const discardUrl = await listen(discard);

  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  /** Peak RSS growth (MB) while `fn` runs, from a collected baseline. */
  const rssGrowth = async (fn: () => Promise<unknown>) => {
    (globalThis as { gc?: () => void }).gc?.();
    const base = process.memoryUsage().rss;
    peakRss = base;
    await fn();
    return Math.round(((peakRss - base) / MB) * 10) / 10;
  };
  // Streaming means memory does not follow the file size: a 4x larger upload must not need 4x the memory.
  const smallGrowthMb = await rssGrowth(() => post(url, 'small', SMALL_MB));

  const baseline = await post(discardUrl, 'baseline');
  let first = { status: 0, ms: 0, text: '' };
  const largeGrowthMb = await rssGrowth(async () => (first = await post(url, 'run-1')));
  if (first.status !== 201) throw new Error(`upload failed: ${first.status} ${first.text}`);
  const again = await post(url, 'run-1'); // same bytes: hash hit, no second copy
  const answer = JSON.parse(again.text) as { printfarm: { duplicate: boolean } };
  // Desktop drop / watched folder: import by path. A hash hit reads the file once and copies nothing.
  const local = path.join(dir, 'local.gcode');
  const out = fs.openSync(local, 'w');
  for (const part of body('local')) fs.writeSync(out, part);
  fs.closeSync(out);
  let t = performance.now();
  await library.importPath(local, { source: 'import', name: 'local.gcode' });
  const importFirstMs = performance.now() - t;
  t = performance.now();
  const hit = await library.importPath(local, { source: 'import', name: 'local.gcode' });
  const importHitMs = performance.now() - t;
  clearInterval(sampler);

  const bytes = SIZE_MB * MB;
  const mbps = (ms: number) => Math.round((bytes / MB / (ms / 1000)) * 10) / 10;
  console.log(
    JSON.stringify({
      bench: 'upload',
      fileMB: SIZE_MB,
      uploadMBps: mbps(first.ms),
      reuploadHashHitMBps: mbps(again.ms),
      reuploadDuplicate: answer.printfarm.duplicate,
      reference: {
        discardServerMBps: mbps(baseline.ms),
        note: 'same client, same loopback, a server that drops the body: the ceiling the upload path is compared to',
      },
      uploadVsDiscardRatio: Math.round((baseline.ms / first.ms) * 100) / 100,
      // Slicers upload over the LAN: 1 Gbit/s Ethernet carries at most 10^9/8 bytes/s before framing overhead.
      gigabitWireMBps: Math.round((1e9 / 8 / MB) * 10) / 10,
      fasterThanGigabitWire: mbps(first.ms) > 1e9 / 8 / MB,
      loadAverage1m: Math.round(os.loadavg()[0] * 10) / 10,
      importPathFirstMBps: mbps(importFirstMs),
      importPathHashHitMBps: mbps(importHitMs),
      importPathHashHitDuplicate: hit.duplicate,
      peakRssGrowthMB: { [`${SMALL_MB}MB`]: smallGrowthMb, [`${SIZE_MB}MB`]: largeGrowthMb },
      // Client and server share this process, so the figure includes the sender's socket buffers too.
      rssBudgetMB: 96,
      rssWithinBudget: largeGrowthMb < 96,
      rssGrowsWithFileSize: largeGrowthMb > 2 * Math.max(8, smallGrowthMb),
      cores: os.availableParallelism(),
    }),
  );
  server.close();
  discard.close();
  await library.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
