// One typed client, two transports: the preload's IPC bridge (desktop) or a WebSocket (browser → headless server).
// Picked once at start-up; views never know which.
import type { Envelope } from '../../../electron/shared/contract/envelope.js';
import type { EventName, EventPayload } from '../../../electron/shared/contract/events.js';
import type { MethodInput, MethodName, MethodOutput } from '../../../electron/shared/contract/index.js';

export interface FarmTransport {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  /** 'open' | 'connecting' | 'closed'; the top bar shows it. */
  onConnection?(listener: (state: ConnectionState) => void): () => void;
}
export type ConnectionState = 'open' | 'connecting' | 'closed';

/** A failed call: carries the envelope's code and human message. */
export class FarmCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class FarmClient {
  constructor(readonly transport: FarmTransport) {}

  async call<M extends MethodName>(method: M, ...args: undefined extends MethodInput<M> ? [MethodInput<M>?] : [MethodInput<M>]): Promise<MethodOutput<M>> {
    const result = await this.transport.call(method, args[0]);
    if (!result.ok) throw new FarmCallError(result.error.code, result.error.message);
    return result.value as MethodOutput<M>;
  }

  /** Returns the unsubscribe. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.transport.subscribe(event, listener as (payload: unknown) => void);
  }
}

// ---- transport 1: the preload bridge (window.farm) ----

interface PreloadBridge {
  call(method: string, input: unknown): Promise<Envelope<unknown>>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    farmBridge?: PreloadBridge;
  }
}

function ipcTransport(bridge: PreloadBridge): FarmTransport {
  return { call: (m, i) => bridge.call(m, i), subscribe: (e, l) => bridge.subscribe(e, l) };
}

// ---- transport 2: WebSocket to the headless server ----

export function wsTransport(url: string): FarmTransport {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 500;
  let state: ConnectionState = 'connecting';
  const pending = new Map<number, (result: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const queue: string[] = [];

  const setState = (next: ConnectionState) => {
    state = next;
    for (const l of connectionListeners) l(next);
  };

  const open = () => {
    setState('connecting');
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 500;
      setState('open');
      for (const event of listeners.keys()) ws.send(JSON.stringify({ type: 'subscribe', event }));
      while (queue.length) ws.send(queue.shift()!);
    };
    ws.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as { id?: number; type: string; result?: Envelope<unknown>; event?: string; payload?: unknown; error?: { code: string; message: string } };
      if (data.type === 'result' && typeof data.id === 'number') {
        pending.get(data.id)?.(data.result!);
        pending.delete(data.id);
      } else if (data.type === 'event' && data.event) {
        for (const l of listeners.get(data.event) ?? []) l(data.payload);
      } else if (data.type === 'error' && typeof data.id === 'number') {
        pending.get(data.id)?.({ ok: false, error: data.error as { code: 'internal'; message: string } });
        pending.delete(data.id);
      }
    };
    ws.onclose = () => {
      setState('closed');
      // Calls in flight are failed, not silently retried: a command must not run twice.
      for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'unavailable', message: 'The connection to the engine was lost.' } });
      pending.clear();
      setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };
  open();

  const send = (text: string) => {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
    else queue.push(text);
  };

  return {
    call(method, input) {
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send(JSON.stringify({ id, type: 'call', method, input }));
      });
    },
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (!set) {
        listeners.set(event, (set = new Set()));
        send(JSON.stringify({ type: 'subscribe', event }));
      }
      set.add(listener);
      return () => {
        set!.delete(listener);
        if (set!.size === 0) {
          listeners.delete(event);
          send(JSON.stringify({ type: 'unsubscribe', event }));
        }
      };
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}

/** Preload bridge when running inside Electron, otherwise a WebSocket back to the server that served the page. */
export function createFarmClient(): FarmClient {
  if (typeof window !== 'undefined' && window.farmBridge) return new FarmClient(ipcTransport(window.farmBridge));
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return new FarmClient(wsTransport(`${scheme}//${location.host}/ws`));
}
