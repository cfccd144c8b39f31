// The one place a contract call is executed: find the method, validate the input, run the handler, time it, wrap the result.
import { describeZodError, fail, FarmError, ok, type Envelope } from '../shared/contract/envelope.js';
import { findMethod, type GroupName, type Groups } from '../shared/contract/index.js';
import type { CallContext, Handlers } from './handlers.js';
import type { MetricsRegistry } from './metrics/registry.js';

type AnyHandler = (input: unknown, ctx: CallContext) => unknown;

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A call slower than this is logged with its name and duration. */
const SLOW_CALL_MS = 100;

export class Dispatcher {
  private readonly handlers = new Map<string, AnyHandler>();

  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly log: Logger,
  ) {}

  /** Bind a whole contract group's handlers. Every entry of the group must have one. */
  register<G extends GroupName>(group: G, handlers: Handlers<Groups[G]>): void {
    for (const [name, handler] of Object.entries(handlers as Record<string, AnyHandler>)) {
      this.handlers.set(`${group}.${name}`, handler);
    }
  }

  has(method: string): boolean {
    return this.handlers.has(method);
  }

  async call(method: string, rawInput: unknown, ctx: CallContext): Promise<Envelope<unknown>> {
    const entry = findMethod(method);
    const handler = this.handlers.get(method);
    if (!entry || !handler) return fail('unknown-method', `There is no method '${String(method).slice(0, 100)}'.`);
    const started = performance.now();
    try {
      const parsed = entry.input.safeParse(rawInput === null ? undefined : rawInput);
      if (!parsed.success) return fail('invalid-input', `Invalid input for ${method}: ${describeZodError(parsed.error)}`);
      const value = await handler(parsed.data, ctx);
      return ok(value === undefined ? null : value);
    } catch (error) {
      if (error instanceof FarmError) return fail(error.code, error.message);
      this.log.error({ err: error, method }, 'contract call failed');
      return fail('internal', `${method} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      const elapsed = performance.now() - started;
      this.metrics.callHistogram(ctx.door, method).record(elapsed);
      if (elapsed > SLOW_CALL_MS) this.log.warn({ method, door: ctx.door, ms: Math.round(elapsed) }, 'slow contract call');
    }
  }
}
