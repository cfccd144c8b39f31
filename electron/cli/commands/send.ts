// `printfarm send <file.gcode> --port <path>`: stream a file to a Marlin printer (sender runs off the main loop)
// with a progress bar on stderr; exit 0 only when the firmware acknowledged every line.
import { parseArgs } from 'node:util';
import { openWorkerSender, inProcessSender, terminateSenderWorkers, type SenderHandle } from '../../engine/drivers/marlin/sender-host.js';
import type { JobProgressInfo, SenderEvent, SenderStats } from '../../engine/drivers/marlin/sender.js';
import { createVirtualLink } from '../../engine/drivers/virtual/marlin/link.js';
import { UsageError, type CliCommand } from '../command.js';

export const send: CliCommand = {
  name: 'send',
  summary: 'Stream a G-code file to a USB (Marlin) printer at the wire limit',
  usage: `Usage: printfarm send <file.gcode> --port <path> [--baud 115200] [--json] [--ping-pong] [--boot-wait 2000]

  Opens the serial port (the sender runs in its own process), waits for the boot banner, resets line
  numbers (M110 N0) and streams every command with line numbers and checksums, keeping the firmware's
  RX buffer full. Resends, lost oks and busy periods are handled; progress goes to stderr.

  --port <path>     Serial device (/dev/ttyUSB0, COM3); 'virtual:' streams to a built-in virtual printer.
  --baud <n>        Baud rate (default 115200).
  --json            Print {lines, seconds, linesPerSecond, bytesPerSecond, resends, errors} on stdout.
  --ping-pong       One line per ok instead of windowed streaming (baseline).
  --boot-wait <ms>  How long to wait for the 'start' banner after opening (default 2000).

Exit code 0 only when every line was acknowledged; 1 otherwise.`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        baud: { type: 'string', default: '115200' },
        json: { type: 'boolean', default: false },
        'ping-pong': { type: 'boolean', default: false },
        'boot-wait': { type: 'string', default: '2000' },
      },
      allowPositionals: true,
      strict: true,
    });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('Name exactly one G-code file.');
    if (!values.port) throw new UsageError('--port is required.');
    const baud = Number(values.baud);
    if (!Number.isInteger(baud) || baud <= 0) throw new UsageError('--baud must be a positive integer.');
    const opts = { baud, mode: values['ping-pong'] ? ('ping-pong' as const) : ('windowed' as const) };
    let handle: SenderHandle;
    let stopVirtual = () => {};
    if (values.port.startsWith('virtual:')) {
      const link = createVirtualLink({ baud, plannerSpeed: 1000, homingMs: 10, heaterTauMs: 50, bedTauMs: 50, dwellScale: 0.01 });
      stopVirtual = () => link.stop();
      handle = inProcessSender(link.transport, opts);
    } else handle = await openWorkerSender(values.port, baud, opts);
    // The sender's own timers are unref'd (they must not hold an app open): hold the CLI open while streaming.
    const keepAlive = setInterval(() => {}, 1000);
    try {
      return await stream(handle, file, Number(values['boot-wait']), values.json);
    } finally {
      await Promise.race([handle.close(), new Promise((r) => setTimeout(r, 2000))]);
      stopVirtual();
      await terminateSenderWorkers();
      clearInterval(keepAlive);
    }
  },
};

async function stream(handle: SenderHandle, file: string, bootWait: number, json: boolean): Promise<number> {
  let sawStart = false;
  let last: JobProgressInfo | null = null;
  const tty = process.stderr.isTTY;
  const outcome = new Promise<{ ok: boolean; reason: string; stats: SenderStats | null }>((resolve) => {
    handle.on((e: SenderEvent) => {
      if (e.type === 'line' && e.text.trim() === 'start') sawStart = true;
      if (e.type === 'line' && /^(Error|!!)/.test(e.text) && !/checksum|Line Number/i.test(e.text)) process.stderr.write(`\n${e.text}\n`);
      if (e.type === 'alarm' && e.code !== 'timeout') process.stderr.write(`\n${e.code}: ${e.message}\n`);
      if (e.type === 'progress') {
        last = e.progress;
        bar(e.progress, tty);
      }
      if (e.type === 'job-done') resolve({ ok: true, reason: 'done', stats: e.stats });
      if (e.type === 'job-interrupted') resolve({ ok: false, reason: e.reason, stats: null });
      if (e.type === 'closed') resolve({ ok: false, reason: `port closed: ${e.reason}`, stats: null });
    });
  });
  const t0 = Date.now();
  while (!sawStart && Date.now() - t0 < bootWait) await new Promise((r) => setTimeout(r, 20));
  await handle.resetLineNumbers();
  const start = performance.now();
  const { commands } = await handle.startJob({ name: file, path: file });
  const result = await outcome;
  const seconds = (performance.now() - start) / 1000;
  const stats = result.stats ?? (await handle.stats().catch(() => null));
  if (tty) process.stderr.write('\n');
  const acked = result.ok ? commands : ((last as JobProgressInfo | null)?.acked ?? 0);
  const summary = {
    lines: acked,
    seconds: Number(seconds.toFixed(3)),
    linesPerSecond: Number((acked / seconds).toFixed(1)),
    bytesPerSecond: Number(((stats?.bytesWritten ?? 0) / seconds).toFixed(1)),
    resends: stats?.resends ?? 0,
    errors: stats?.errors ?? 0,
  };
  if (json) process.stdout.write(JSON.stringify(summary) + '\n');
  else process.stderr.write(`${result.ok ? 'Sent' : 'FAILED after'} ${acked}/${commands} lines in ${summary.seconds}s (${summary.linesPerSecond} lines/s, ${summary.resends} resends)${result.ok ? '' : `: ${result.reason}`}\n`);
  return result.ok ? 0 : 1;
}

function bar(p: JobProgressInfo, tty: boolean): void {
  const pct = p.total ? (100 * p.acked) / p.total : 0;
  if (!tty) return;
  const width = 30;
  const filled = Math.round((pct / 100) * width);
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct.toFixed(1)}%  ${p.acked}/${p.total} lines${p.layer ? `  layer ${p.layer}/${p.totalLayers}` : ''}   `);
}
