// The one contract: every query, command and pushed event between a view and the engine.
import type { z } from 'zod';
import type { ContractEntry, ContractGroup } from './envelope.js';
import { app, host, metrics } from './app.js';
import { printers } from './printers.js';
import { files } from './files.js';
import { telemetry } from './telemetry.js';
import { bambu } from './bambu.js';

/** Groups by name; a method is addressed as '<group>.<name>'. Add a group with one line here. */
export const groups = {
  app,
  host,
  metrics,
  printers,
  files,
  telemetry,
  bambu,
} as const satisfies Record<string, ContractGroup>;

export type Groups = typeof groups;
export type GroupName = keyof Groups;
export type MethodName = { [G in GroupName]: `${G}.${Extract<keyof Groups[G], string>}` }[GroupName];

type EntryOf<M extends MethodName> = M extends `${infer G}.${infer N}`
  ? G extends GroupName
    ? N extends keyof Groups[G]
      ? Groups[G][N]
      : never
    : never
  : never;

export type MethodInput<M extends MethodName> = EntryOf<M> extends ContractEntry<infer I, z.ZodType> ? z.input<I> : never;
export type MethodParsedInput<M extends MethodName> = EntryOf<M> extends ContractEntry<infer I, z.ZodType> ? z.output<I> : never;
export type MethodOutput<M extends MethodName> = EntryOf<M> extends ContractEntry<z.ZodType, infer O> ? z.output<O> : never;

/** Every method with its entry, flattened: used by the doors, the preload and the OpenAPI generator. */
export function listMethods(): Array<{ method: MethodName; entry: ContractEntry }> {
  const out: Array<{ method: MethodName; entry: ContractEntry }> = [];
  for (const [groupName, group] of Object.entries(groups)) {
    for (const [name, entry] of Object.entries(group as ContractGroup)) {
      out.push({ method: `${groupName}.${name}` as MethodName, entry });
    }
  }
  return out;
}

export function findMethod(method: string): ContractEntry | undefined {
  const dot = method.indexOf('.');
  if (dot < 0) return undefined;
  const group = (groups as Record<string, ContractGroup>)[method.slice(0, dot)];
  if (!group || !Object.hasOwn(group, method.slice(dot + 1))) return undefined;
  return group[method.slice(dot + 1)];
}

export * from './envelope.js';
export * from './common.js';
export { events, type EventName, type EventPayload } from './events.js';
