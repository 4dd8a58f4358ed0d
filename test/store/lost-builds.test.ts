import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deployments } from '../../control/src/db/schema.js';
import { buildJobFacts } from '../../control/src/deployments/lost-builds.js';
import { failLostBuilds, type ReconcileInputs } from '../../control/src/deployments/reconcile.js';
import { transition } from '../../control/src/deployments/transition.js';
import { type StoreApp, useStoreApp } from '../support/store-app.js';

// The reconciler's first step, on the database and the build queue only: a build the queue lost
// is failed, saying so; one the queue holds, one whose events wait in Redis, one too young to have
// reached the queue, and one that moved on while it was judged, are left to their builds.

const LOST_AFTER_MS = 60_000;
let store: StoreApp;

useStoreApp(async (app) => {
  store = app;
  await app.newUser('admin');
});

/** The queue's word on a build, as main.ts asks it. */
const queueInputs = (pending: ReadonlySet<string> = new Set()): ReconcileInputs => ({
  buildJob: async (id) => buildJobFacts(await store.queue.getJobState(id), undefined),
  pendingBuildEvents: async () => pending,
  lostBuildAfterMs: LOST_AFTER_MS,
  buildTimeLimitMs: 15 * 60_000,
});

async function queued(project: { id: string }, owner: { cookie?: string }): Promise<string> {
  const reply = await store.call('POST', `/projects/${project.id}/deployments`, owner);
  expect(reply.status).toBe(202);
  return reply.json!.id as string;
}

/** As if it had been waiting since well before the reconciler's limit. */
async function age(...ids: string[]): Promise<void> {
  await store.test.db.update(deployments).set({ createdAt: new Date(Date.now() - 2 * LOST_AFTER_MS) }).where(inArray(deployments.id, ids));
}

const rowOf = async (id: string) => (await store.test.db.query.deployments.findFirst({ where: eq(deployments.id, id) }))!;

describe('builds the queue lost', () => {
  it('fails an old build whose job the queue no longer holds, and leaves a young one, a held one and one whose events wait', async () => {
    const owner = await store.newUser('lost');
    const project = await store.newProject(owner, 'lost');
    const [lost, young, held, eventsWaiting] = [await queued(project, owner), await queued(project, owner), await queued(project, owner), await queued(project, owner)];
    for (const id of [lost, young, eventsWaiting]) await store.queue.remove(id);
    await age(lost, held, eventsWaiting);

    await failLostBuilds(store.platform, queueInputs(new Set([eventsWaiting])));

    expect(await rowOf(lost)).toMatchObject({ status: 'failed', error: 'the build was lost: the builder no longer holds it' });
    for (const kept of [young, held, eventsWaiting]) expect((await rowOf(kept)).status).toBe('queued');
  });

  it('leaves a build whose event moved it on while the queue was asked', async () => {
    const owner = await store.newUser('moved');
    const project = await store.newProject(owner, 'moved');
    const id = await queued(project, owner);
    await store.queue.remove(id);
    await age(id);
    const inputs = queueInputs();

    await failLostBuilds(store.platform, {
      ...inputs,
      // Its built event is applied by another instance between the reading of the rows and the judgement.
      buildJob: async (job) => {
        expect(await transition(store.test.db, job, 'deploying')).toBe(true);
        return inputs.buildJob(job);
      },
    });

    expect(await rowOf(id)).toMatchObject({ status: 'deploying', error: null });
  });
});
