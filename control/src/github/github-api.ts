import { z } from 'zod';

// A thin client of GitHub's REST API as one user: their token on every request, each answer read
// through a schema. Errors carry GitHub's status and message, never the token.

/** What GitHub answered when it did not say yes; `status` is null when it could not be reached. */
export class GitHubError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** GitHub answers 404 as often as 403 to a user who may not manage a repository's hooks. */
export function deniedHookAccess(error: GitHubError): boolean {
  return error.status === 403 || error.status === 404;
}

export interface GitHubReply<T> {
  body: T;
  /** The `Link` header: where the next page is. */
  link: string | null;
}

export interface GitHubApi {
  get<T extends z.ZodType>(schema: T, path: string, query?: Record<string, string>): Promise<GitHubReply<z.infer<T>>>;
  post<T extends z.ZodType>(schema: T, path: string, body: unknown): Promise<z.infer<T>>;
  delete(path: string): Promise<void>;
}

const TIMEOUT_MS = 10_000;

export function gitHubApi(apiUrl: string, token: string): GitHubApi {
  async function request<T extends z.ZodType>(schema: T, method: string, path: string, query?: Record<string, string>, body?: unknown) {
    const url = new URL(`${apiUrl}${path}`);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${token}`,
          'user-agent': 'aether',
          'x-github-api-version': '2022-11-28',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      throw new GitHubError(null, 'GitHub could not be reached; try again');
    }
    const json: unknown = await response.json().catch(() => null);
    if (!response.ok) throw new GitHubError(response.status, `GitHub answered ${response.status}: ${gitHubMessage(json)}`);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new GitHubError(response.status, `GitHub's answer to ${method} ${path} was not what its API documents`);
    return { body: parsed.data as z.infer<T>, link: response.headers.get('link') };
  }

  return {
    get: (schema, path, query) => request(schema, 'GET', path, query),
    post: async (schema, path, body) => (await request(schema, 'POST', path, undefined, body)).body,
    // GitHub answers 204 with no body: there is nothing to read.
    delete: async (path) => {
      await request(z.unknown(), 'DELETE', path);
    },
  };
}

/** GitHub's `message`, with the details a 422 lists (such as "Hook already exists on this repository"). */
function gitHubMessage(json: unknown): string {
  const { message, errors } = (json ?? {}) as { message?: unknown; errors?: unknown };
  const details = Array.isArray(errors) ? errors.map((e: { message?: unknown }) => e?.message).filter((m) => typeof m === 'string') : [];
  const parts = [typeof message === 'string' ? message : 'no reason given', ...details];
  return parts.join('; ');
}
