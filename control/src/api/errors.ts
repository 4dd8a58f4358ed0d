import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { parse, Refusal } from '../../../shared/refusal.js';
import { GitHubError } from '../github/github-api.js';

// Every refusal the API gives has one shape, `{ error: { message, field? } }`, and a 4xx status:
// the client learns which field to fix, and nothing was written.

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    message: string,
    readonly field?: string,
    /** Sent with the refusal, such as when to try again. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, `no such ${what}`);

/** The request's JSON body parsed with `schema`; a body that is not JSON is refused as a whole. */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  return parse(schema, await c.req.json().catch(() => null));
}

/** Refusals (input the user can fix) and GitHub's answers, as API errors. */
export function asApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof Refusal) {
    return new ApiError(error.status, error.message, error.field, error.retryAfterSeconds === undefined ? {} : { 'retry-after': String(error.retryAfterSeconds) });
  }
  // A token GitHub no longer takes is the user's to renew; anything else GitHub says is a bad gateway.
  if (error instanceof GitHubError && error.status === 401) return new ApiError(409, 'GitHub no longer accepts your authorization; sign in with GitHub again');
  if (error instanceof GitHubError) return new ApiError(502, error.message);
  return null;
}
