// Demo feed: virtual printer statuses produced in ANOTHER process (the benchmark's simulator) and streamed over a
// Unix socket as JSON lines {id, status}. Parsing them costs the engine what a real driver's JSON parsing would,
// while the simulation itself stays out of the engine's CPU figures.
import net from 'node:net';
import type { PrinterStatus } from '../../shared/contract/printer-status.js';

export const DEMO_FEED_ENV = 'PRINTFARM_DEMO_FEED';
/** host:port of the simulator process's MQTT broker carrying virtual Bambu printers (benchmark). */
export const DEMO_BAMBU_BROKER_ENV = 'PRINTFARM_DEMO_BAMBU_BROKER';

export class DemoFeedClient {
  private socket: net.Socket | null = null;
  private readonly listeners = new Map<string, (status: PrinterStatus) => void>();
  private buffered = '';
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly socketPath: string) {}

  on(id: string, listener: (status: PrinterStatus) => void): () => void {
    this.listeners.set(id, listener);
    this.ensureConnected();
    return () => {
      if (this.listeners.get(id) === listener) this.listeners.delete(id);
    };
  }

  close(): void {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.socket?.destroy();
  }

  private ensureConnected(): void {
    if (this.socket || this.closed) return;
    const socket = net.connect(this.socketPath);
    this.socket = socket;
    socket.setEncoding('utf8');
    socket.unref();
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => undefined); // 'close' follows and retries
    socket.on('close', () => {
      this.socket = null;
      if (!this.closed && this.listeners.size) {
        this.retry = setTimeout(() => this.ensureConnected(), 500);
        this.retry.unref();
      }
    });
  }

  private onData(chunk: string): void {
    this.buffered += chunk;
    let start = 0;
    for (let nl = this.buffered.indexOf('\n', start); nl >= 0; nl = this.buffered.indexOf('\n', start)) {
      const line = this.buffered.slice(start, nl);
      start = nl + 1;
      try {
        const { id, status } = JSON.parse(line) as { id: string; status: PrinterStatus };
        this.listeners.get(id)?.(status);
      } catch {
        // a garbled line is dropped, like a garbled MQTT payload
      }
    }
    this.buffered = this.buffered.slice(start);
  }
}
