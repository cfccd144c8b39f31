// The library's pushed events (declared in the contract) and the small emitter it needs; the engine's EventBus fits it.
import type { z } from 'zod';
import type { fileEvents } from '../../../shared/contract/files.js';

export type LibraryEventName = keyof typeof fileEvents;
export type LibraryEventPayload<E extends LibraryEventName> = z.infer<(typeof fileEvents)[E]>;

export interface LibraryEvents {
  emit<E extends LibraryEventName>(name: E, payload: LibraryEventPayload<E>): void;
}
