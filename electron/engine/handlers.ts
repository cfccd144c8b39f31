// Handler types: one function per contract entry, taking the parsed input and returning the output.
import type { z } from 'zod';
import type { ContractEntry, ContractGroup } from '../shared/contract/envelope.js';

/** Which door a call came through; used for metrics labels and auth decisions. */
export type Door = 'ipc' | 'ws' | 'http' | 'cli' | 'internal';

export interface CallContext {
  door: Door;
}

type HandlerFor<E extends ContractEntry> = (
  input: z.output<E['input']>,
  ctx: CallContext,
) => Promise<z.input<E['output']>> | z.input<E['output']>;

export type Handlers<G extends ContractGroup> = { [K in keyof G]: HandlerFor<G[K]> };
