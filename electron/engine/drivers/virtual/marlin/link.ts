// Connects a virtual Marlin to a host: an in-process byte transport (tests, demo) or one end of a socat pty pair.
import type { ByteTransport } from '../../marlin/transport.js';
import { constants, openSync } from 'node:fs';
import tty from 'node:tty';
import { VirtualMarlin, type VirtualMarlinOptions } from './firmware.js';
import { realtimeTicker, type SimTicker } from './ticker.js';

export interface VirtualLink {
  sim: VirtualMarlin;
  /** The host's end. */
  transport: ByteTransport;
  /** Pull the cable: the host sees the port close. */
  unplug(): void;
  stop(): void;
}

/** In-process link: host writes reach the sim's wire; sim output is delivered asynchronously (like a real port). */
export function createVirtualLink(opts: VirtualMarlinOptions = {}, ticker: SimTicker = realtimeTicker()): VirtualLink {
  const sim = new VirtualMarlin(opts);
  const dataListeners = new Set<(chunk: string) => void>();
  const closeListeners = new Set<(reason: string) => void>();
  let open = true;
  const offOut = sim.onOutput((chunk) => {
    for (const l of dataListeners) l(chunk);
  });
  const offTick = ticker.add(sim);
  const close = (reason: string) => {
    if (!open) return;
    open = false;
    for (const l of closeListeners) l(reason);
  };
  const transport: ByteTransport = {
    write(data) {
      if (open) sim.receive(data);
    },
    onData(cb) {
      dataListeners.add(cb);
      return () => dataListeners.delete(cb);
    },
    onClose(cb) {
      closeListeners.add(cb);
      return () => closeListeners.delete(cb);
    },
    async close() {
      close('closed');
    },
    async pulseDtr() {
      sim.powerOn();
    },
    get isOpen() {
      return open;
    },
  };
  return {
    sim,
    transport,
    unplug() {
      sim.unplug();
      close('unplugged');
    },
    stop() {
      offOut();
      offTick();
      close('stopped');
    },
  };
}

/** Attach a sim to a pty path (the far end of a socat pair); the driver opens the other end with serialport.
 *  The sim side uses Node's own tty streams, not serialport: serialport's poller must live on one thread only
 *  (it crashes when used from the main thread and a worker at once), and the sender worker owns it. */
export async function attachSimToPty(path: string, opts: VirtualMarlinOptions = {}, ticker: SimTicker = realtimeTicker()): Promise<{ sim: VirtualMarlin; stop(): Promise<void> }> {
  const sim = new VirtualMarlin(opts);
  const fd = openSync(path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
  const input = new tty.ReadStream(fd);
  const output = new tty.WriteStream(fd);
  input.setEncoding('latin1');
  input.on('data', (chunk: string) => sim.receive(chunk));
  let open = true;
  const onGone = () => {
    if (!open) return;
    open = false;
    sim.unplug();
  };
  input.on('error', onGone);
  input.on('close', onGone);
  output.on('error', onGone);
  const offOut = sim.onOutput((chunk) => {
    if (open) output.write(Buffer.from(chunk, 'latin1'));
  });
  const offTick = ticker.add(sim);
  return {
    sim,
    async stop() {
      offTick();
      offOut();
      open = false;
      input.destroy();
      output.destroy();
    },
  };
}
