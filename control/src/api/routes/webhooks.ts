import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { open } from '../../../../contract/sealed.js';
import { parse } from '../../../../shared/refusal.js';
import { queueBuild } from '../../deployments/queue-build.js';
import { inProjectOrder } from '../../db/database.js';
import { branchHistory, claimDelivery, recordDeployment, releaseDelivery, type WebhookProject, webhookProjects } from '../../github/deliveries.js';
import { type BranchHistory, decidePush, type PushDecision, type PushEvent, pushEventSchema, repositoryEventSchema, repositoryUrls } from '../../github/push-event.js';
import { isSignatureHeader, signatureMatches } from '../../github/webhook-signature.js';
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

/** Signs the body of a delivery for a repository nobody deploys here, only to spend the same time. */
const DECOY_SECRET = randomBytes(32).toString('hex');

export function webhookRoutes(deps: ApiDependencies): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const { db } = deps.platform;

  /**
   * The project whose secret signed this body; the repository narrows who can have. A
   * repository no project deploys is refused as a wrong signature is, so a stranger cannot tell
   * which repositories are deployed here.
   */
  async function signedFor(body: Uint8Array, payload: unknown, signature: string): Promise<WebhookProject> {
    const candidates = await webhookProjects(db, repositoryUrls(parse(repositoryEventSchema, payload)));
    const signer = candidates.find((candidate) => signatureMatches(open(deps.platform.secretKey, candidate.secretSealed), body, signature));
    // As long to refuse as a wrong signature takes: the body is signed against a secret either way.
    if (candidates.length === 0) signatureMatches(DECOY_SECRET, body, signature);
    if (signer === undefined) throw new ApiError(401, 'X-Hub-Signature-256: matches no webhook of this repository here', 'x-hub-signature-256');
    return signer;
  }

  function decide(event: string, project: WebhookProject['project'], push: PushEvent | null, history: BranchHistory | null): PushDecision {
    if (push !== null && history !== null) return decidePush(project, push, history);
    return { deploy: false, reason: event === 'ping' ? 'pong: the webhook reaches Aether' : `Aether deploys on push events, not ${event}`, head: null };
  }

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
      const payload = parseJson(body);
      const { project, ownerTokenSealed } = await signedFor(body, payload, signature);
      const event = headers['x-github-event'];
      const push = event === 'push' ? parse(pushEventSchema, payload) : null;
      const delivery = { id: headers['x-github-delivery'], event, projectId: project.id };
      const decision = await inProjectOrder(db, project.id, async (tx) => {
        const decided = decide(event, project, push, push === null ? null : await branchHistory(tx, project.id, push.ref, push.after));
        const recorded = {
          outcome: decided.deploy ? `deploy ${decided.commit}` : decided.reason,
          ref: push?.ref ?? null,
          head: decided.deploy ? decided.commit : decided.head,
        };
        if (!(await claimDelivery(tx, { ...delivery, ...recorded }))) {
          throw new ApiError(409, 'this delivery was received before; a replay is not acted on', 'x-github-delivery');
        }
        return decided;
      });
      if (!decision.deploy) return c.json({ outcome: decision.reason }, 200);
      const token = ownerTokenSealed === null ? undefined : open(deps.builds.secretKey, ownerTokenSealed);
      const deployment = await queueBuild(deps.builds, project, 'webhook', { commit: decision.commit, ...(token !== undefined && { token }) }).catch(async (error: unknown) => {
        // Forgotten, so that GitHub's redelivery of it is acted on.
        await releaseDelivery(db, delivery.id);
        throw error;
      });
      await recordDeployment(db, delivery.id, deployment.id);
      return c.json({ outcome: `deploying ${decision.commit}`, deployment }, 202);
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
