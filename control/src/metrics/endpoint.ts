import { createHash, timingSafeEqual } from 'node:crypto';
import type { Handler } from 'hono';
import type { Registry } from 'prom-client';

/**
 * /metrics answers only a scraper that presents `token` as a Bearer token, and is a plain 404 to
 * anyone else (and to everyone when no token is configured): it shares the dashboard's public host.
 */
export function metricsEndpoint(registry: Registry, token: string | undefined): Handler {
  const expected = token === undefined ? undefined : digest(token);
  return async (c) => {
    const presented = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    // Digests have one length, which timingSafeEqual needs, and compare in constant time.
    if (expected === undefined || presented === undefined || !timingSafeEqual(digest(presented), expected)) return c.notFound();
    return c.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
