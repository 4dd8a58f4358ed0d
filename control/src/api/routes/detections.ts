import { Hono } from 'hono';
import type { JSONParsed } from 'hono/utils/types';
import type { RepositoryDetection } from '../../../../contract/detect-job.js';
import { detectionFields, requestDetection } from '../../detections/request-detection.js';
import type { ApiDependencies, ApiEnv } from '../context.js';
import { ApiError, parseBody } from '../errors.js';
import type { Operation } from '../openapi.js';

/** What a build of a repository would do, as a client receives it. */
export type DetectionReply = JSONParsed<RepositoryDetection>;

export const detectionOperations: Operation[] = [
  {
    operationId: 'detectRepository',
    method: 'post',
    path: '/detections',
    summary: 'What Aether would build from a repository, before any project exists: framework, commands, port, or a monorepo root’s packages',
    auth: 'user',
    body: detectionFields,
    responses: {
      200: 'the detection',
      400: 'a field is invalid',
      401: 'not signed in',
      422: 'the repository, branch or root directory cannot be used, or nothing in it was recognised: `field` names what to change or which setting to add',
      429: 'too many detections; Retry-After says when to try again',
      504: 'the builder did not answer in time',
    },
  },
];

export function detectionRoutes(deps: ApiDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post('/detections', async (c) => {
    const detection = await requestDetection(deps.detections, c.get('user'), await parseBody(c, detectionFields));
    if (detection === null) throw new ApiError(504, `the builder did not answer within ${Math.round(deps.detections.timeoutMs / 1000)} s; try again`);
    return c.json(detection);
  });
  return app;
}
