import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { authenticate } from './authenticate.js';
import type { ApiDependencies, ApiEnv } from './context.js';
import { ApiError, asApiError } from './errors.js';
import { type Operation, openApiDocument } from './openapi.js';
import { adminOperations, adminRoutes } from './routes/admin.js';
import { authOperations, authRoutes } from './routes/auth.js';
import { deploymentOperations, deploymentRoutes } from './routes/deployments.js';
import { detectionOperations, detectionRoutes } from './routes/detections.js';
import { eventOperations, eventRoutes } from './routes/events.js';
import { githubOperations, githubRoutes } from './routes/github.js';
import { logOperations, logRoutes } from './routes/logs.js';
import { projectOperations, projectRoutes } from './routes/projects.js';
import { settingsOperations, settingsRoutes } from './routes/settings.js';
import { webhookOperations, webhookRoutes } from './routes/webhooks.js';

export const apiOperations: Operation[] = [
  { operationId: 'getOpenApiDocument', method: 'get', path: '/openapi.json', summary: 'This document', auth: 'public', responses: { 200: 'the OpenAPI 3.1 document' } },
  ...authOperations,
  ...adminOperations,
  ...githubOperations,
  ...webhookOperations,
  ...projectOperations,
  ...detectionOperations,
  ...deploymentOperations,
  ...logOperations,
  ...eventOperations,
  ...settingsOperations,
];

/**
 * What any request body may weigh, read before a handler sees it: a stranger's gigabyte is refused
 * unread. The largest a route takes is a .env import (1 MiB of text, escaped in JSON).
 */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** The HTTP API under /api: sign-in is open, everything under /projects needs a user. */
export function apiApp(deps: ApiDependencies, onUnexpected: (error: unknown) => void): Hono<ApiEnv> {
  const api = new Hono<ApiEnv>();
  const document = openApiDocument(apiOperations);
  api.get('/openapi.json', (c) => c.json(document));
  // GitHub's deliveries carry no session: they must stay outside authenticate (and its CSRF
  // check). First, so that they keep their own body limit, GitHub's 25 MB, and not the one below.
  api.route('/', webhookRoutes(deps));
  api.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new ApiError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes`, 'body');
      },
    }),
  );
  api.route('/', authRoutes(deps));
  api.route('/', adminRoutes(deps));
  api.use('/github/*', authenticate(deps));
  api.route('/', githubRoutes(deps));
  api.use('/events', authenticate(deps));
  api.route('/', eventRoutes(deps, onUnexpected));
  api.use('/detections', authenticate(deps));
  api.route('/', detectionRoutes(deps));
  // `/projects/*` takes `/projects` too: one authentication per request.
  api.use('/projects/*', authenticate(deps));
  api.route('/', projectRoutes(deps));
  api.route('/', deploymentRoutes(deps));
  api.route('/', logRoutes(deps, onUnexpected));
  api.route('/', settingsRoutes(deps));
  api.notFound((c) => c.json({ error: { message: 'no such route' } }, 404));
  api.onError((error, c) => {
    const known = asApiError(error);
    if (known !== null) return c.json({ error: { message: known.message, ...(known.field !== undefined && { field: known.field }) } }, known.status, known.headers);
    if (error instanceof HTTPException && error.status === 403) return c.json({ error: { message: 'a cross-site request was refused' } }, 403);
    onUnexpected(error);
    return c.json({ error: { message: 'something went wrong on our side; it has been logged' } }, 500);
  });
  return api;
}
