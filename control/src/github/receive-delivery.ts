import { open } from '../../../contract/sealed.js';
import { parse, Refusal } from '../../../shared/refusal.js';
import { inProjectOrder } from '../db/database.js';
import { type BuildQueue, type Deployment, queueBuild } from '../deployments/queue-build.js';
import { branchHistory, claimDelivery, recordDeployment, releaseDelivery, type WebhookProject, webhookProjects } from './deliveries.js';
import { type BranchHistory, decidePush, type PushDecision, type PushEvent, pushEventSchema, repositoryEventSchema, repositoryUrls } from './push-event.js';
import { signatureChecks, signatureMatches } from './webhook-signature.js';

// One delivery from a push hook: which project's secret signed it, whether it deploys, its record
// (once per delivery ID, in the project's order), and the build it queues.

export interface Delivery {
  /** X-GitHub-Delivery: GitHub's ID for it, the same on a redelivery. */
  id: string;
  /** X-GitHub-Event. */
  event: string;
  /** X-Hub-Signature-256, well formed. */
  signature: string;
  body: Uint8Array;
  /** The body, parsed as JSON. */
  payload: unknown;
}

export type DeliveryOutcome = { deployed: false; reason: string } | { deployed: true; commit: string; deployment: Deployment };

export async function receiveDelivery(builds: BuildQueue, delivery: Delivery): Promise<DeliveryOutcome> {
  const { db } = builds;
  const { project, ownerTokenSealed } = await signedFor(builds, delivery);
  const push = delivery.event === 'push' ? parse(pushEventSchema, delivery.payload) : null;
  const record = { id: delivery.id, event: delivery.event, projectId: project.id };
  const decision = await inProjectOrder(db, project.id, async (tx) => {
    const decided = decide(delivery.event, project, push, push === null ? null : await branchHistory(tx, project.id, push.ref, push.after));
    const recorded = {
      outcome: decided.deploy ? `deploy ${decided.commit}` : decided.reason,
      ref: push?.ref ?? null,
      head: decided.deploy ? decided.commit : decided.head,
    };
    if (!(await claimDelivery(tx, { ...record, ...recorded }))) {
      throw new Refusal(409, 'this delivery was received before; a replay is not acted on', 'x-github-delivery');
    }
    return decided;
  });
  if (!decision.deploy) return { deployed: false, reason: decision.reason };
  const token = ownerTokenSealed === null ? undefined : open(builds.secretKey, ownerTokenSealed);
  const deployment = await queueBuild(builds, project, 'webhook', { commit: { sha: decision.commit }, ...(token !== undefined && { token }) }).catch(async (error: unknown) => {
    // Forgotten, so that GitHub's redelivery of it is acted on.
    await releaseDelivery(db, delivery.id);
    throw error;
  });
  await recordDeployment(db, delivery.id, deployment.id);
  return { deployed: true, commit: decision.commit, deployment };
}

/**
 * The project whose secret signed this body; the repository narrows who can have. A
 * repository no project deploys is refused as a wrong signature is, so a stranger cannot tell
 * which repositories are deployed here.
 */
async function signedFor(builds: BuildQueue, { body, payload, signature }: Delivery): Promise<WebhookProject> {
  const candidates = await webhookProjects(builds.db, repositoryUrls(parse(repositoryEventSchema, payload)));
  const checks = signatureChecks(candidates, (candidate) => open(builds.secretKey, candidate.secretSealed));
  const signer = checks.find((check) => signatureMatches(check.secret, body, signature))?.candidate;
  if (signer === undefined) throw new Refusal(401, 'X-Hub-Signature-256: matches no webhook of this repository here', 'x-hub-signature-256');
  return signer;
}

function decide(event: string, project: WebhookProject['project'], push: PushEvent | null, history: BranchHistory | null): PushDecision {
  if (push !== null && history !== null) return decidePush(project, push, history);
  return { deploy: false, reason: event === 'ping' ? 'pong: the webhook reaches Aether' : `Aether deploys on push events, not ${event}`, head: null };
}
