// The demo simulator as its own process: N virtual printers (StatusGenerator) reporting R times a second, streamed
// to whichever engine connects to the Unix socket. Used by the telemetry benchmark so it measures the engine only.
// Usage: node --import tsx electron/engine/demo/feed-process.ts <socket> <count> <reportsPerSecond>
import fs from 'node:fs';
import net from 'node:net';
import { demoId } from './demo-farm.js';
import { seedOf } from './demo-registry.js';
import { StatusGenerator } from './status-generator.js';

const [socketPath, countArg = '500', rateArg = '2'] = process.argv.slice(2);
const count = Number(countArg);
const rate = Number(rateArg);
const TICK_MS = 20;

const printers = Array.from({ length: count }, (_, i) => {
  const id = demoId(i + 1);
  const seed = seedOf(id);
  return { id, generator: new StatusGenerator({ kind: (i + 1) % 3 === 0 ? 'bambu' : 'marlin', seed }, Date.now()), nextAt: Date.now() + (seed % 1000) / rate };
});
const clients = new Set<net.Socket>();
let sent = 0;

fs.rmSync(socketPath, { force: true });
const server = net.createServer((socket) => {
  clients.add(socket);
  socket.on('close', () => clients.delete(socket));
  socket.on('error', () => socket.destroy());
});
server.listen(socketPath, () => process.stdout.write(`listening ${socketPath}\n`));

setInterval(() => {
  if (clients.size === 0) return;
  const now = Date.now();
  let batch = '';
  for (const p of printers) {
    if (now < p.nextAt) continue;
    p.nextAt = Math.max(p.nextAt + 1000 / rate, now);
    batch += JSON.stringify({ id: p.id, status: p.generator.step(now) }) + '\n';
    sent++;
  }
  if (batch) for (const c of clients) c.write(batch);
}, TICK_MS);

setInterval(() => process.stdout.write(`sent ${sent}\n`), 5000).unref();
process.on('SIGTERM', () => process.exit(0));
