import { Hono } from 'hono';
import type { ApiDependencies, ApiEnv } from '../context.js';
import { eventStream } from '../event-stream.js';
import type { Operation } from '../openapi.js';

// What changes while a dashboard is open, so that no page needs a refresh: each `deployment`
// event names a deployment of the signed-in user's whose status is new (created, queued, or moved
// on), and the page fetches again what it shows. A stream that closes missed nothing it can
// replay: a viewer that reconnects reads its pages again.

export const eventOperations: Operation[] = [
  {
    operationId: 'streamEvents',
    method: 'get',
    path: '/events',
    summary: "The signed-in user's deployment changes as Server-Sent Events: `deployment` events of `{ projectId, deploymentId, status }`",
    auth: 'user',
    responses: { 200: 'text/event-stream of the changes committed after it opened', 401: 'not signed in' },
  },
];

export function eventRoutes(deps: ApiDependencies, onUnexpected: (error: unknown) => void): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/events', async (c) => {
    const leave = new AbortController();
    // Listening before the answer starts: a change made once the viewer has it is never missed.
    const changes = await deps.deploymentChanges.follow(c.get('user').id, leave.signal);
    return refusedLeaving(leave, () => eventStream(c, deps, onUnexpected, async (stream, signal) => {
      signal.addEventListener('abort', () => leave.abort(), { once: true });
      try {
        for await (const change of changes) await stream.writeSSE({ event: 'deployment', data: JSON.stringify(change) });
      } finally {
        leave.abort();
      }
    }));
  });

  return app;
}

/** The stream, or its refusal with the follow it would have fed let go. */
function refusedLeaving(leave: AbortController, open: () => Response): Response {
  try {
    return open();
  } catch (error) {
    leave.abort();
    throw error;
  }
}
