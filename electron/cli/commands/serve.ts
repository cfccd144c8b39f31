// `printfarm serve`: run the engine headless and serve the same UI to a browser.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { terminateSenderWorkers } from '../../engine/drivers/marlin/sender-host.js';
import { createEngine } from '../../engine/engine.js';
import { createKeyFileSecretStore } from '../../engine/secrets/index.js';
import { loadOrCreateToken } from '../../server/auth.js';
import { startServer } from '../../server/server.js';
import { serverContinueChecks, serverRoutes } from '../../server/routes.js';
import { UsageError, type CliCommand } from '../command.js';
import { defaultDataDir, rendererDir } from '../paths.js';

const DEFAULT_DEMO_PRINTERS = 6;

export const serve: CliCommand = {
  name: 'serve',
  summary: 'Run the farm engine headless and serve the web interface',
  usage: `Usage: printfarm serve [--host 127.0.0.1] [--port 8765] [--data-dir ~/.printfarm] [--demo [N]] [--json]

  --host       Address to bind. Anything other than loopback requires the access token
               (stored in <data-dir>/access-token, sent as Authorization: Bearer or X-Api-Key).
  --port       TCP port (0 picks a free one). Default 8765.
  --data-dir   Where the database, files and logs live. Default ~/.printfarm.
  --demo [N]   Keep N virtual demo printers (default ${DEFAULT_DEMO_PRINTERS}). The first start in a new data
               directory gets them too, so a brand-new farm has something to show.
  --no-demo    Never add demo printers.
  --json       Print one JSON line {url, port, host, dataDir, tokenRequired} when listening.`,
  async run(argv) {
    const { values } = parseArgs({
      args: normalizeDemoFlag(argv),
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8765' },
        'data-dir': { type: 'string' },
        demo: { type: 'string' },
        'no-demo': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0…65535, not '${values.port}'.`);
    const demo = values.demo === undefined ? undefined : Number(values.demo);
    if (demo !== undefined && (!Number.isInteger(demo) || demo < 0 || demo > 2000)) throw new UsageError(`--demo must be 0…2000, not '${values.demo}'.`);
    const dataDir = values['data-dir'] ?? defaultDataDir();
    // A brand-new farm (no database yet) starts with labelled virtual printers; removing them sticks after that.
    const firstRun = !fs.existsSync(path.join(dataDir, 'printfarm.db'));
    const demoCount = values['no-demo'] ? 0 : (demo ?? (firstRun ? DEFAULT_DEMO_PRINTERS : undefined));

    const token = loadOrCreateToken(dataDir);
    const engine = await createEngine({
      dataDir,
      mode: 'headless',
      demo: demoCount,
      secrets: createKeyFileSecretStore(dataDir),
    });
    const server = await startServer({ engine, host: values.host!, port, token, rendererDir: rendererDir(), routes: serverRoutes(), continueChecks: serverContinueChecks() });

    if (values.json) {
      process.stdout.write(JSON.stringify({ url: server.url, port: server.port, host: server.host, dataDir, tokenRequired: server.tokenRequired }) + '\n');
    } else {
      const openUrl = server.tokenRequired ? `${server.url}/?token=${token}` : server.url;
      process.stdout.write(`PrintFarm is serving on ${openUrl}\n`);
      process.stdout.write(`Data: ${dataDir}${server.tokenRequired ? ' · every request needs the access token' : ''} · Ctrl+C stops.\n`);
    }

    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    await engine.close();
    await terminateSenderWorkers(); // the serial sender processes of this engine
    return 0;
  },
};

/** `--demo` alone means the default count; parseArgs wants a value, so supply it. */
function normalizeDemoFlag(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    out.push(argv[i]);
    if (argv[i] === '--demo' && (i + 1 >= argv.length || argv[i + 1].startsWith('--'))) out.push(String(DEFAULT_DEMO_PRINTERS));
  }
  return out;
}
