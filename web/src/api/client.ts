// The dashboard's one way to the API: the same public HTTP API as any script (see
// /api/openapi.json), with the session cookie the browser holds. A refusal arrives as an
// ApiFailure naming the field to fix, so a form can show it beside that field.

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The field at fault, dotted as the API names it (`settings.port`); absent when none is. */
    readonly field?: string,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Calls `/api<path>`; the reply's JSON, or undefined for 204. */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  return (await request<T>(method, path, body)).json;
}

/** A page of a list the API pages with a `Link: <...>; rel="next"` header, and the path of the next page, if any. */
export async function apiPage<T>(path: string): Promise<{ items: T[]; next: string | null }> {
  const { json, response } = await request<T[]>('GET', path);
  return { items: json, next: nextPath(response.headers.get('link')) };
}

/** The API path (without `/api`) of a Link header's rel="next" target. */
export function nextPath(link: string | null): string | null {
  const target = /<\/api(\/[^>]*)>\s*;\s*rel="?next"?/.exec(link ?? '');
  return target?.[1] ?? null;
}

async function request<T>(method: Method, path: string, body?: unknown): Promise<{ json: T; response: Response }> {
  const response = await fetch(`/api${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return { json: undefined as T, response };
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) throw failureOf(response, json);
  return { json: json as T, response };
}

function failureOf(response: Response, json: unknown): ApiFailure {
  const error = (json as { error?: { message?: unknown; field?: unknown } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : `the server answered ${response.status} ${response.statusText}`;
  return new ApiFailure(response.status, message, typeof error?.field === 'string' ? error.field : undefined);
}

/** The message to show for any failure, the API's own words when it gave some. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  return 'The control service does not answer. Check that Aether is running, then try again.';
}
