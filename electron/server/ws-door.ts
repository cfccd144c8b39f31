// WebSocket door for the renderer served by the headless server: request/response plus event subscriptions.
// Client → server: {id, type:'call', method, input} | {type:'subscribe'|'unsubscribe', event}
// Server → client: {id, type:'result', result: envelope} | {type:'event', event, payload}
import type { WebSocket } from 'ws';
import type { EventBus } from '../engine/bus.js';
import type { Dispatcher } from '../engine/dispatch.js';
import { events, type EventName } from '../shared/contract/events.js';

const MAX_MESSAGE_BYTES = 1 << 20;
/** A client that cannot keep up (socket buffer past this) skips events rather than growing a backlog. */
const MAX_BUFFERED_BYTES = 4 << 20;

export function attachWsClient(socket: WebSocket, dispatcher: Dispatcher, bus: EventBus): void {
  const subscribed = new Set<EventName>();
  const offAny = bus.onAny((name, payload) => {
    if (!subscribed.has(name) || socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return;
    socket.send(JSON.stringify({ type: 'event', event: name, payload }));
  });
  socket.on('close', offAny);
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = data.toString();
    if (text.length > MAX_MESSAGE_BYTES) return socket.close(1009, 'message too large');
    let message: { id?: unknown; type?: unknown; method?: unknown; input?: unknown; event?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      socket.send(JSON.stringify({ type: 'error', error: { code: 'invalid-input', message: 'Message is not valid JSON.' } }));
      return;
    }
    if (message.type === 'call' && typeof message.method === 'string') {
      const id = message.id;
      void dispatcher.call(message.method, message.input, { door: 'ws' }).then((result) => {
        if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ id, type: 'result', result }));
      });
    } else if ((message.type === 'subscribe' || message.type === 'unsubscribe') && typeof message.event === 'string') {
      if (!Object.hasOwn(events, message.event)) {
        socket.send(JSON.stringify({ type: 'error', error: { code: 'invalid-input', message: `Unknown event '${message.event.slice(0, 100)}'.` } }));
        return;
      }
      if (message.type === 'subscribe') subscribed.add(message.event as EventName);
      else subscribed.delete(message.event as EventName);
    } else {
      socket.send(JSON.stringify({ id: message.id, type: 'error', error: { code: 'invalid-input', message: 'Unknown message type.' } }));
    }
  });
}
