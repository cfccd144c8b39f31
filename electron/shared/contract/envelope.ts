// The envelope every door (IPC, WebSocket, HTTP) returns, and the error codes it may carry.
import { z } from 'zod';

export const ErrorCode = z.enum([
  'invalid-input', // the input failed its schema; the message names the field
  'not-found',
  'unknown-method',
  'unauthorized',
  'forbidden',
  'conflict',
  'unavailable', // a printer/service is not reachable right now
  'timeout',
  'rejected', // the device refused (bad access code, firmware error)
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ContractError = z.object({ code: ErrorCode, message: z.string() });
export type ContractError = z.infer<typeof ContractError>;

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractError };

/** A query or command: one input schema, one output schema. */
export interface ContractEntry<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Short human description; also used for the OpenAPI document. */
  summary: string;
  /** Commands change state; queries do not. */
  kind: 'query' | 'command';
}
export type ContractGroup = Record<string, ContractEntry>;

/** Thrown inside the engine; converted once at the door into the envelope. */
export class FarmError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FarmError';
  }
}

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}
export function fail(code: ErrorCode, message: string): Envelope<never> {
  return { ok: false, error: { code, message } };
}

/** Turn a zod error into one sentence naming the field(s). */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.length ? issue.path.join('.') : 'input';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}
