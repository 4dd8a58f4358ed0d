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
  const response = await fetch(`/api${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined as T;
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) throw failureOf(response, json);
  return json as T;
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
