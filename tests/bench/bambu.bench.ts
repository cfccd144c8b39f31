// Bench: 200 virtual Bambu printers on one aedes broker (child process) at 1 Hz deltas → 200 real BambuDrivers here.
// Prints one JSON object: engine CPU per message, p99 report-to-status-event latency, memory per printer.
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeTestPki, type TestPki } from '../support/mosquitto.js';
import { startEmbeddedBroker } from '../../electron/engine/brokers/aedes-broker.js';
import { BambuDriver } from '../../electron/engine/drivers/bambu/driver.js';
import { aedesLink, demoSerial, VirtualBambuPrinter } from '../../electron/engine/drivers/virtual/bambu/index.js';
import type { BambuPrinterConfig } from '../../electron/shared/contract/printer-config.js';

const PRINTERS = Number(process.env.BAMBU_BENCH_PRINTERS ?? 200);
const RATE_HZ = 1;
const WARMUP_MS = 8_000;
const MEASURE_MS = Number(process.env.BAMBU_BENCH_SECONDS ?? 30) * 1000;

// ---- child: broker + virtual printers, so their CPU is not billed to the engine ----------------------------
async function runFarm(tlsDir: string | undefined): Promise<void> {
  const broker = await startEmbeddedBroker(
    tlsDir
      ? { port: null, tls: { key: fs.readFileSync(`${tlsDir}/printer.key`), cert: fs.readFileSync(`${tlsDir}/printer.crt`) } }
      : {},
  );
  const printers: VirtualBambuPrinter[] = [];
  for (let i = 0; i < PRINTERS; i += 1) {
    printers.push(
      await VirtualBambuPrinter.start({
        serial: demoSerial(i), link: aedesLink(broker.aedes), reportIntervalMs: 1000 / RATE_HZ, timeScale: 5,
        phaseMs: Math.round(((i * 0.618034) % 1) * (1000 / RATE_HZ)), // printers are not phase-locked
        noise: true, loopJobs: true, stampReports: true, job: { totalLayers: 200, durationSeconds: 3600 },
      }),
    );
  }
  process.send!({ port: broker.port ?? broker.tlsPort });
  process.on('message', async (m: { stop?: boolean }) => {
    if (!m.stop) return;
    await Promise.all(printers.map((p) => p.close()));
    await broker.close();
    process.exit(0);
  });
}

// ---- parent: the engine side ----------------------------------------------------------------------------
function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

async function runEngine(pki: TestPki | null): Promise<Record<string, unknown>> {
  const args = pki ? ['farm', pki.dir] : ['farm'];
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), args, { execArgv: ['--import', 'tsx'], env: { ...process.env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`farm exited ${code}`)));
  });

  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  let measuring = false;
  let messages = 0;
  const latencies: number[] = [];
  const drivers: BambuDriver[] = [];
  for (let i = 0; i < PRINTERS; i += 1) {
    const config: BambuPrinterConfig = {
      id: `bench-${i}`, name: `Bench ${i}`, type: 'bambu', virtual: !pki, tags: [], buildVolume: null, nozzleDiameter: null,
      host: '127.0.0.1', port, serial: demoSerial(i), model: 'P1S', accessCode: 'virtual',
      // TLS mode: one broker certificate stands in for 200 printers, so each driver pins its fingerprint
      // (the explicit-trust path); handshake and per-message TLS cost are the same as with a real printer.
      trustedCertFingerprint: pki ? pki.fingerprint256 : null,
    };
    let sentAt = 0;
    const driver = new BambuDriver(config, { log, dataDir: '/tmp' }, {
      transport: pki ? 'tls' : 'tcp',
      onRawReport: (print) => {
        sentAt = typeof print.t_sent_ms === 'number' ? print.t_sent_ms : 0;
      },
    });
    driver.onStatus(() => {
      if (!measuring || !sentAt) return;
      messages += 1;
      latencies.push(performance.timeOrigin + performance.now() - sentAt);
      sentAt = 0;
    });
    drivers.push(driver);
  }
  // Memory per printer is the slope between half and all printers connected: one-time costs (module init,
  // JIT, TLS context) fall out of the difference.
  const half = Math.floor(PRINTERS / 2);
  await Promise.all(drivers.slice(0, half).map((d) => d.connect()));
  await new Promise((r) => setTimeout(r, 3000));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  await Promise.all(drivers.slice(half).map((d) => d.connect()));
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const online = drivers.filter((d) => d.status().state !== 'connecting' && d.status().state !== 'offline').length;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const rssAfter = process.memoryUsage().rss;

  measuring = true;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  await new Promise((r) => setTimeout(r, MEASURE_MS));
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  measuring = false;

  await Promise.all(drivers.map((d) => d.disconnect()));
  child.send({ stop: true });
  await new Promise((r) => child.once('exit', r));

  const cpuMicros = cpu.user + cpu.system;
  const perMessageMicros = cpuMicros / Math.max(1, messages);
  latencies.sort((a, b) => a - b);
  // DESIGN.md budget: 500 printers × 2 Hz on one 2-core machine, engine < 25 % of one core → 250 µs CPU per message.
  const budgetMicrosPerMessage = (0.25 * 1e6) / (500 * 2);
  return {
    transport: pki ? 'tls (pinned certificate, like a trusted printer)' : 'tcp (virtual printers, demo mode)',
    online,
    measuredSeconds: Math.round(wallMs / 100) / 10,
    messages,
    messagesPerSecond: Math.round((messages / wallMs) * 1000),
    engineCpu: {
      microsPerMessage: Math.round(perMessageMicros * 10) / 10,
      percentOfOneCore: Math.round((cpuMicros / 1000 / wallMs) * 1000) / 10,
      reference: { budgetMicrosPerMessage, source: 'DESIGN.md telemetry fan-in: 500 printers × 2 Hz, engine < 25 % of one core' },
      ratioToBudget: Math.round((perMessageMicros / budgetMicrosPerMessage) * 1000) / 1000,
      projectedPercentOfOneCoreAt500x2Hz: Math.round(((perMessageMicros * 1000) / 1e6) * 1000) / 10,
    },
    latencyMs: {
      what: 'printer publish (child process) → aedes → TCP → MQTT.js → merge + normalize → printer status event',
      p50: Math.round(percentile(latencies, 50) * 100) / 100,
      p99: Math.round(percentile(latencies, 99) * 100) / 100,
      max: Math.round((latencies.at(-1) ?? NaN) * 100) / 100,
      reference: { ms: 100, source: 'DESIGN.md UI push ≤ 10 Hz per view: one 100 ms coalescing window' },
    },
    memory: {
      heapBytesPerPrinter: Math.round((heapAfter - heapBefore) / (PRINTERS - half)),
      rssBytesPerPrinter: Math.round((rssAfter - rssBefore) / (PRINTERS - half)),
      reference: { bytes: 7091, source: 'size of the raw P1P pushall JSON this cache holds (tests/fixtures/bambu/p1p-pushall-with-ams.json)' },
    },
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const pki = makeTestPki(demoSerial(0));
  try {
    const tcp = await runEngine(null);
    const tls = await runEngine(pki);
    const result = {
      bench: 'bambu',
      printers: PRINTERS,
      rateHzPerPrinter: RATE_HZ,
      tcp,
      tls,
      note: 'loopback only; broker + 200 virtual printers run in a child process so their CPU is not billed to the engine; 2 shared cores, so latency includes scheduling noise from other processes',
      totalSeconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    pki.cleanup();
  }
}

if (process.argv[2] === 'farm') void runFarm(process.argv[3]);
else
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
