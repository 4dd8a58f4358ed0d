import type { z } from 'zod';

// A refusal is input the user can fix, refused before anything was written. Every module's
// refusals extend Refusal, so the API answers each by its status and field without knowing
// which module refused.

/**
 * The 4xx a refusal answers with: the request is wrong (400), unproven (401), not allowed (403),
 * absent (404), in conflict (409), too large (413), well-formed but naming what cannot be used (422), or too soon (429).
 */
export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429;

export class Refusal extends Error {
  constructor(
    readonly status: RefusalStatus,
    message: string,
    /** The field to fix, when one is at fault. */
    readonly field?: string,
    /** When waiting is the fix: the seconds after which the same request may succeed. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Parses `data` with `schema`, or refuses it naming the first field at fault. */
export function parse<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  throw new Refusal(400, field === '' ? issue.message : `${field}: ${issue.message}`, field === '' ? 'body' : field);
}
