// The demo simulator as its own process: N virtual printers (StatusGenerator) reporting R times a second, streamed
// to whichever engine connects to the Unix socket. Used by the telemetry benchmark so it measures the engine only.
// With `bambu` as 4th argument, every third printer is instead a VirtualBambuPrinter (the Bambu engineer's simulator)
// on an aedes broker in THIS process: the engine then runs the real BambuDriver (MQTT, JSON, delta merge) against it.
// Usage: node --import tsx electron/engine/demo/feed-process.ts <socket> <count> <reportsPerSecond> [bambu]
import fs from 'node:fs';
import net from 'node:net';
import { startEmbeddedBroker } from '../brokers/aedes-broker.js';
import { aedesLink } from '../drivers/virtual/bambu/links.js';
import { VirtualBambuPrinter } from '../drivers/virtual/bambu/virtual-printer.js';
import { demoId, demoPrinterConfig } from './demo-farm.js';
import { seedOf } from './demo-registry.js';
import { StatusGenerator } from './status-generator.js';

const [socketPath, countArg = '500', rateArg = '2', mode = ''] = process.argv.slice(2);
const count = Number(countArg);
const rate = Number(rateArg);
const TICK_MS = 20;

const realBambu = mode === 'bambu';
const isBambu = (n: number) => n % 3 === 0; // same mix as demoPrinterConfig
const printers = Array.from({ length: count }, (_, i) => i + 1)
  .filter((n) => !(realBambu && isBambu(n)))
  .map((n) => {
    const id = demoId(n);
    const seed = seedOf(id);
    const generator = new StatusGenerator({ kind: isBambu(n) ? 'bambu' : 'marlin', seed }, Date.now());
    return { id, generator, nextAt: Date.now() + (seed % 1000) / rate };
  });

if (realBambu) {
  const broker = await startEmbeddedBroker({ port: 0 });
  const started: Array<Promise<VirtualBambuPrinter>> = [];
  for (let n = 3; n <= count; n += 3) {
    const config = demoPrinterConfig(n);
    if (config.type !== 'bambu') continue;
    started.push(
      VirtualBambuPrinter.start({
        serial: config.serial,
        link: aedesLink(broker.aedes),
        reportIntervalMs: Math.round(1000 / rate),
        timeScale: 10,
        noise: true,
        loopJobs: true,
        job: { totalLayers: 80 + (n % 120), durationSeconds: 1200 + (n % 7) * 300 },
      }),
    );
  }
  await Promise.all(started);
  process.stdout.write(`bambu-broker ${broker.host}:${broker.port}\n`);
}
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
