import { expect } from 'vitest';
import { DEPLOYMENT_STATUSES, isFinal } from '../../control/src/deployments/status.js';
import { eventually, send } from './http.js';
import { DASHBOARD_HOST, type Stack } from './stack.js';

// Someone using a whole Aether through its HTTP API alone, as a script would: signed up, holding an
// API token, asking through Traefik at the dashboard's host.

export interface ApiUser {
  stack: Stack;
  token: string;
}

/** A user who signed up on `stack` (the first is its admin), with an API token of theirs. */
export async function signUp(stack: Stack, email: string): Promise<ApiUser> {
  const origin = { origin: stack.url };
  const signedUp = await send(stack.traefikPort, DASHBOARD_HOST, 'POST', '/api/auth/signup', { headers: origin, json: { email, password: `a long password for ${email}`, name: email } });
  expect(signedUp.status, signedUp.body).toBe(200);
  const cookie = String(signedUp.headers['set-cookie']).split(';')[0]!;
  const made = await send(stack.traefikPort, DASHBOARD_HOST, 'POST', '/api/tokens', { headers: { ...origin, cookie }, json: { name: 'tests' } });
  return { stack, token: (JSON.parse(made.body) as { token: string }).token };
}

/** The JSON of a 2xx answer (undefined for one with no body); anything else fails with the status and body. */
export async function callApi<T>(user: ApiUser, method: string, path: string, json?: unknown): Promise<T> {
  const headers = { authorization: `Bearer ${user.token}` };
  const reply = await send(user.stack.traefikPort, DASHBOARD_HOST, method, `/api${path}`, { headers, ...(json !== undefined && { json }) });
  if (reply.status >= 300) throw new Error(`${method} ${path}: ${reply.status} ${reply.body}`);
  return (reply.body === '' ? undefined : JSON.parse(reply.body)) as T;
}

/** The statuses a deployment never leaves, as control's own state machine says. */
export const FINAL_STATUSES: readonly string[] = DEPLOYMENT_STATUSES.filter(isFinal);

/** The deployment once its status is one of `statuses`; `deployments` is its project's path. */
export function untilStatus<D extends { status: string }>(user: ApiUser, deployments: string, id: string, statuses: readonly string[], timeoutMs: number): Promise<D> {
  return eventually(async () => {
    const deployment = await callApi<D>(user, 'GET', `${deployments}/${id}`);
    if (!statuses.includes(deployment.status)) throw new Error(`${id} is ${deployment.status}, not ${statuses.join(' or ')}`);
    return deployment;
  }, timeoutMs);
}
