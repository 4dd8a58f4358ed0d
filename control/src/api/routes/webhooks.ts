import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { parse } from '../../../../shared/refusal.js';
import { receiveDelivery } from '../../github/receive-delivery.js';
import { isSignatureHeader } from '../../github/webhook-signature.js';
import type { ApiDependencies, ApiEnv } from '../context.js';
import { ApiError } from '../errors.js';
import type { Operation } from '../openapi.js';

// GitHub's push webhook. No session and no CSRF check: GitHub is not a browser, and the
// signature, made with the project's own secret, is what proves a delivery came from its hook.

export const webhookHeaders = z.object({
  'x-github-event': z.string().min(1).max(100),
  'x-github-delivery': z.string().min(1).max(100),
});

export const webhookOperations: Operation[] = [
  {
    operationId: 'receiveGitHubWebhook',
    method: 'post',
    path: '/webhooks/github',
    summary: "GitHub's push deliveries: a push to a project's branch deploys that commit",
    auth: 'github-signature',
    headers: webhookHeaders,
    responses: {
      200: 'acknowledged, nothing to deploy (a ping, another branch, auto-deploy off)',
      202: 'the deployment it queued',
      400: 'the payload or a header is invalid',
      401: 'the signature is missing or matches no webhook of this repository here (no project deploying it looks the same)',
      409: 'a replayed delivery',
    },
  },
];

/** GitHub caps a delivery's payload at 25 MB. */
const MAX_PAYLOAD_BYTES = 25 * 1024 * 1024;

export function webhookRoutes(deps: ApiDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post(
    '/webhooks/github',
    bodyLimit({
      maxSize: MAX_PAYLOAD_BYTES,
      onError: () => {
        throw new ApiError(413, 'the payload is larger than GitHub sends');
      },
    }),
    async (c) => {
      const signature = c.req.header('x-hub-signature-256');
      if (signature === undefined || !isSignatureHeader(signature)) {
        throw new ApiError(401, 'X-Hub-Signature-256: missing or malformed; give the webhook a secret', 'x-hub-signature-256');
      }
      const headers = parse(webhookHeaders, { 'x-github-event': c.req.header('x-github-event'), 'x-github-delivery': c.req.header('x-github-delivery') });
      const body = new Uint8Array(await c.req.arrayBuffer());
      const outcome = await receiveDelivery(deps.builds, {
        id: headers['x-github-delivery'],
        event: headers['x-github-event'],
        signature,
        body,
        payload: parseJson(body),
      });
      if (!outcome.deployed) return c.json({ outcome: outcome.reason }, 200);
      return c.json({ outcome: `deploying ${outcome.commit}`, deployment: outcome.deployment }, 202);
    },
  );

  return app;
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new ApiError(400, 'the payload is not JSON; set the webhook content type to application/json', 'body');
  }
}
