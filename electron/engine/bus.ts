// Typed in-process event bus for pushed events (`domain:action`). Events broadcast state; they do not drive control flow.
import type { EventName, EventPayload } from '../shared/contract/events.js';

type Listener<E extends EventName> = (payload: EventPayload<E>) => void;
type AnyListener = (name: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Map<EventName, Set<Listener<EventName>>>();
  private readonly anyListeners = new Set<AnyListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const set = this.listeners.get(name);
    if (set) for (const listener of set) safeCall(() => (listener as Listener<E>)(payload));
    for (const listener of this.anyListeners) safeCall(() => listener(name, payload));
  }

  /** Returns the unsubscribe. */
  on<E extends EventName>(name: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener as Listener<EventName>);
    return () => set.delete(listener as Listener<EventName>);
  }

  /** Every event; used by the doors to forward subscriptions. Returns the unsubscribe. */
  onAny(listener: AnyListener): () => void {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  }
}

// A throwing listener must not stop the others (or the emitter, often a driver's data handler).
function safeCall(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
