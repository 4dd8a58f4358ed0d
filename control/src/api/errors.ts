import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { SettingsError } from '../../../contract/build-settings.js';
import { SourceError } from '../../../contract/source-spec.js';
import { AccountRefused } from '../auth/accounts.js';
import { RateLimited } from '../auth/rate-limit.js';
import { RollbackRefused } from '../deployments/rollback.js';
import { GitHubError } from '../github/github-api.js';
import { SignInRefused } from '../github/oauth.js';
import { DomainRefused } from '../projects/domains.js';
import { InvalidEnvVar } from '../projects/env-vars.js';
import { SlugRefused } from '../projects/slug-claims.js';
import { InvalidHostnameError } from '../routing/hostname.js';

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

/** Parses `data` with `schema`, or refuses it naming the first field at fault. */
export function parse<T extends z.ZodType>(schema: T, data: unknown): z.infer<T> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.join('.');
  throw new ApiError(400, field === '' ? issue.message : `${field}: ${issue.message}`, field === '' ? 'body' : field);
}

/** The request's JSON body parsed with `schema`; a body that is not JSON is refused as a whole. */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  return parse(schema, await c.req.json().catch(() => null));
}

/** The errors of Aether's own modules that mean "your input is wrong" (or GitHub's answer), as API errors. */
export function asApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof SourceError) return new ApiError(400, error.message, error.field);
  if (error instanceof SettingsError) return new ApiError(400, error.message, 'settings');
  if (error instanceof InvalidHostnameError || error instanceof DomainRefused) return new ApiError(400, error.message, 'hostname');
  if (error instanceof InvalidEnvVar) return new ApiError(400, error.message, error.field);
  if (error instanceof AccountRefused) return new ApiError(error.status, error.message, error.field);
  if (error instanceof RateLimited) return new ApiError(429, error.message, undefined, { 'retry-after': String(error.retryAfterSeconds) });
  if (error instanceof SlugRefused) return new ApiError(400, error.message, 'slug');
  if (error instanceof RollbackRefused) return new ApiError(409, error.message);
  if (error instanceof SignInRefused) return new ApiError(error.status, error.message, error.field);
  // A token GitHub no longer takes is the user's to renew; anything else GitHub says is a bad gateway.
  if (error instanceof GitHubError && error.status === 401) return new ApiError(409, 'GitHub no longer accepts your authorization; sign in with GitHub again');
  if (error instanceof GitHubError) return new ApiError(502, error.message);
  return null;
}
