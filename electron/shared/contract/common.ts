// Small schemas shared by several contract groups.
import { z } from 'zod';

/** Input of a call that takes no arguments: `{}` (or nothing at all). Unknown keys are errors. */
export const Empty = z.object({}).strict().optional().transform(() => ({}) as Record<string, never>);
export type Empty = z.input<typeof Empty>;

export const Void = z.null();
