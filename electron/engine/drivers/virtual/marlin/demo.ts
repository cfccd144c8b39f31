// Demo-mode factory: a Marlin driver on a virtual printer that prints the bundled sample from its SD card forever,
// auto-reporting temperatures every 0.5 s. Cheap enough for ~250 in one process: no baud pacing, one shared coarse
// ticker, no executed-command log; `timeScale` > 1 runs the simulated world faster than real time.
import type { DriverDeps } from '../../driver.js';
import { MarlinDriver } from '../../marlin/driver.js';
import { MarlinPrinterConfig } from '../../../../shared/contract/printer-config.js';
import { sampleGcode } from './sample-gcode.js';
import { SimTicker } from './ticker.js';

export interface DemoMarlinOptions {
  id: string;
  name?: string;
  /** Simulated seconds per real second (default 1). */
  timeScale?: number;
  /** Tick period of the shared simulation timer, ms (default 100). */
  tickMs?: number;
  /** Seconds between temperature reports (default 0.5). */
  reportEverySec?: number;
  /** Start printing right away (default true). */
  autoStart?: boolean;
  deps?: DriverDeps;
}

const tickers = new Map<string, SimTicker>();
function sharedTicker(tickMs: number, timeScale: number): SimTicker {
  const key = `${tickMs}:${timeScale}`;
  let t = tickers.get(key);
  if (!t) {
    t = new SimTicker(tickMs, timeScale, tickMs * 2);
    tickers.set(key, t);
  }
  return t;
}

const quietDeps: DriverDeps = { log: { info() {}, warn() {}, error() {} }, dataDir: '' };
let sample: string | null = null;

export interface DemoMarlin {
  driver: MarlinDriver;
  /** Connect, enable 0.5 s temperature reports and start the endless SD print. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createDemoMarlin(o: DemoMarlinOptions): DemoMarlin {
  sample ??= sampleGcode();
  const timeScale = o.timeScale ?? 1;
  const tickMs = o.tickMs ?? 100;
  const config = MarlinPrinterConfig.parse({ id: o.id, name: o.name ?? o.id, type: 'marlin', port: `virtual:${o.id}`, virtual: true, baud: 115200 });
  const driver = new MarlinDriver(config, o.deps ?? quietDeps, {
    virtual: {
      name: o.name ?? o.id,
      baud: null,
      recordExecuted: false,
      sdFiles: { 'SAMPLE.GCO': sample },
      loopSd: true,
      heaterTauMs: 6000,
      bedTauMs: 15000,
      homingMs: 3000,
      seed: hash(o.id),
    },
    ticker: sharedTicker(tickMs, timeScale),
    bootWaitMs: 0,
    sender: { okTimeoutMs: 30_000 },
  });
  const every = o.reportEverySec ?? 0.5;
  return {
    driver,
    async start() {
      await driver.connect();
      // Real Marlin takes whole seconds for M155; the simulator accepts fractions for a livelier demo.
      await driver.sendGcode(`M155 S${every}`);
      if (o.autoStart ?? true) await driver.printSdFile('SAMPLE.GCO');
    },
    async stop() {
      await driver.disconnect();
    },
  };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}
