import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { dashboardSite } from './dashboard-site.js';
import { ApiError } from './errors.js';
import { sameOrigin } from './same-origin.js';

// The check on its own, in front of a route that only says it ran.
const app = new Hono()
  .use(sameOrigin(dashboardSite('https://aether.example.com')))
  .all('/', (c) => c.text('done'))
  .onError((error, c) => c.json({ status: error instanceof ApiError ? error.status : 500 }, 500));

const send = async (method: string, headers: Record<string, string> = {}) => {
  const reply = await app.request('/', { method, headers });
  return reply.status === 200 ? 'done' : ((await reply.json()) as { status: number }).status;
};

describe('writes made with the session cookie', () => {
  it('are let through from the dashboard’s own origin, by Sec-Fetch-Site or by Origin', async () => {
    expect(await send('POST', { 'sec-fetch-site': 'same-origin' })).toBe('done');
    expect(await send('DELETE', { origin: 'https://aether.example.com' })).toBe('done');
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('are refused with 403 from a sibling host, another site or nowhere said (%s)', async (method) => {
    expect(await send(method, { 'sec-fetch-site': 'same-site', origin: 'https://app.example.com' })).toBe(403);
    expect(await send(method, { 'sec-fetch-site': 'cross-site' })).toBe(403);
    expect(await send(method, { origin: 'http://aether.example.com' })).toBe(403);
    expect(await send(method)).toBe(403);
  });

  it('leave reads alone, wherever they come from', async () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(await send(method, { 'sec-fetch-site': 'cross-site' }), method).toBe('done');
  });
});
