// The sender process: hosts a group of serial ports (one process for many printers) so streaming never waits on the
// main event loop (DESIGN invariant 6). Opens ports here, reads job files here, posts batched events back.
// A child process, not a worker thread: serialport's poller is bound to the default libuv loop and aborts the
// whole process when its callbacks fire for a port opened in a worker thread.
import { readFile } from 'node:fs/promises';
import { openSerialPort } from '../../../../native/serial.js';
import { prepareJob } from './job-source.js';
import { MarlinSender, type SenderEvent } from './sender.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';

if (!process.send) throw new Error('sender-worker must run as a forked child process');
const send = process.send.bind(process);

interface Hosted {
  sender: MarlinSender;
  transport: { pulseDtr?(): Promise<void> };
  outbox: SenderEvent[];
  lastProgress: number;
}
const hosted = new Map<string, Hosted>();
const post = (m: FromWorker) => void send(m);

/** Events are batched per macrotask (the sender already throttles progress to 4 Hz). */
function queueEvent(id: string, h: Hosted, e: SenderEvent): void {
  if (h.outbox.length === 0) setImmediate(() => flush(id, h));
  h.outbox.push(e);
}
function flush(id: string, h: Hosted): void {
  if (h.outbox.length === 0) return;
  const events = h.outbox.splice(0);
  post({ t: 'events', id, events });
}

async function handle(m: ToWorker): Promise<void> {
  if (m.t === 'open') {
    try {
      const transport = await openSerialPort(m.path, m.baud);
      const sender = new MarlinSender(transport, m.opts);
      const h: Hosted = { sender, transport, outbox: [], lastProgress: 0 };
      hosted.set(m.id, h);
      sender.on((e) => {
        queueEvent(m.id, h, e);
        if (e.type === 'closed') {
          flush(m.id, h);
          hosted.delete(m.id);
        }
      });
      post({ t: 'opened', id: m.id });
    } catch (err) {
      post({ t: 'open-failed', id: m.id, message: (err as Error).message });
    }
    return;
  }
  const h = hosted.get(m.id);
  if (!h) {
    if ('req' in m) post({ t: 'reply', id: m.id, req: m.req, ok: false, message: 'port not open' });
    return;
  }
  const s = h.sender;
  const reply = (p: Promise<unknown> | unknown) => {
    if (!('req' in m)) return;
    Promise.resolve(p).then(
      (value) => post({ t: 'reply', id: m.id, req: m.req, ok: true, value }),
      (err: Error) => post({ t: 'reply', id: m.id, req: m.req, ok: false, message: err.message }),
    );
  };
  switch (m.t) {
    case 'command':
      return reply(s.command(m.gcode));
    case 'reset':
      return reply(s.resetLineNumbers());
    case 'job': {
      const text = m.text ?? (m.path ? await readFile(m.path, 'latin1') : '');
      const job = prepareJob(m.name, text);
      s.startJob(job, m.startIndex);
      return reply({ commands: job.commands.length, layerStarts: job.layerStarts.length });
    }
    case 'pause':
      s.pauseJob();
      return reply(s.progress());
    case 'resume':
      s.resumeJob();
      return reply(undefined);
    case 'cancel':
      return reply(s.cancelJob());
    case 'stats':
      return reply({ ...s.stats });
    case 'dtr':
      return reply(h.transport.pulseDtr?.());
    case 'mode':
      s.setMode(m.mode);
      return;
    case 'emergency':
      s.emergency(m.cmd);
      return;
    case 'close':
      return reply(s.close());
  }
}

// The parent went away: close every port so the printers see a clean disconnect.
process.on('disconnect', () => {
  void Promise.all([...hosted.values()].map((h) => h.sender.close())).finally(() => process.exit(0));
});

process.on('message', (m: ToWorker) => {
  handle(m).catch((err: Error) => {
    if ('req' in m) post({ t: 'reply', id: m.id, req: m.req, ok: false, message: err.message });
  });
});
