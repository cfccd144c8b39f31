// Bench: 200 virtual Bambu printers on one aedes broker (child process) at 1 Hz deltas → 200 real BambuDrivers here.
// Prints one JSON object: engine CPU per message, p99 report-to-status-event latency, memory per printer.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmbeddedBroker } from '../../electron/engine/brokers/aedes-broker.js';
import { BambuDriver } from '../../electron/engine/drivers/bambu/driver.js';
import { aedesLink, demoSerial, VirtualBambuPrinter } from '../../electron/engine/drivers/virtual/bambu/index.js';
import type { BambuPrinterConfig } from '../../electron/shared/contract/printer-config.js';

const PRINTERS = Number(process.env.BAMBU_BENCH_PRINTERS ?? 200);
const RATE_HZ = 1;
const WARMUP_MS = 8_000;
const MEASURE_MS = Number(process.env.BAMBU_BENCH_SECONDS ?? 40) * 1000;

// ---- child: broker + virtual printers, so their CPU is not billed to the engine ----------------------------
async function runFarm(): Promise<void> {
  const broker = await startEmbeddedBroker({});
  const printers: VirtualBambuPrinter[] = [];
  for (let i = 0; i < PRINTERS; i += 1) {
    printers.push(
      await VirtualBambuPrinter.start({
        serial: demoSerial(i), link: aedesLink(broker.aedes), reportIntervalMs: 1000 / RATE_HZ, timeScale: 5,
        noise: true, loopJobs: true, stampReports: true, job: { totalLayers: 200, durationSeconds: 3600 },
      }),
    );
  }
  process.send!({ port: broker.port });
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

async function runEngine(): Promise<void> {
  const started = Date.now();
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['farm'], { execArgv: ['--import', 'tsx'], env: { ...process.env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`farm exited ${code}`)));
  });

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const rssBefore = process.memoryUsage().rss;
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  let measuring = false;
  let messages = 0;
  const latencies: number[] = [];
  const drivers: BambuDriver[] = [];
  for (let i = 0; i < PRINTERS; i += 1) {
    const config: BambuPrinterConfig = {
      id: `bench-${i}`, name: `Bench ${i}`, type: 'bambu', virtual: true, tags: [], buildVolume: null, nozzleDiameter: null,
      host: '127.0.0.1', port, serial: demoSerial(i), model: 'P1S', accessCode: 'virtual', trustedCertFingerprint: null,
    };
    let sentAt = 0;
    const driver = new BambuDriver(config, { log, dataDir: '/tmp' }, {
      transport: 'tcp',
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
  await Promise.all(drivers.map((d) => d.connect()));
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
  const result = {
    bench: 'bambu',
    printers: PRINTERS,
    online,
    rateHzPerPrinter: RATE_HZ,
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
      heapBytesPerPrinter: Math.round((heapAfter - heapBefore) / PRINTERS),
      rssBytesPerPrinter: Math.round((rssAfter - rssBefore) / PRINTERS),
      reference: { bytes: 7091, source: 'size of the raw P1P pushall JSON this cache holds (tests/fixtures/bambu/p1p-pushall-with-ams.json)' },
    },
    note: 'loopback only; 2 shared cores, so latency includes scheduling noise from other processes',
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (process.argv[2] === 'farm') void runFarm();
else
  runEngine().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
