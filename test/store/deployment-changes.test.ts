import { describe, expect, it } from 'vitest';
import { type DeploymentChange, deploymentChanges, LISTENER_NAME } from '../../control/src/deployments/deployment-changes.js';
import { type LockLease, LOCKS_NAME, type RolloutLocks, rolloutLocks } from '../../control/src/deployments/rollout-lock.js';
import { enterRolloutStep, transition } from '../../control/src/deployments/transition.js';
import { endSessions } from '../support/database.js';
import { eventually } from '../support/http.js';
import { type Caller, ORIGIN, type StoreApp, useStoreApp } from '../support/store-app.js';

// What a dashboard hears of deployments while it is open, and the one-rollout-at-a-time lock
// every control instance shares: Postgres's notifications and advisory locks, no Docker engine.

let store: StoreApp;

useStoreApp(async (app) => {
  store = app;
  await app.newUser('admin');
});

/** A viewer of GET /events: the `deployment` events it has read so far, and a way to wait for more. */
async function openEvents(who: Caller) {
  const leave = new AbortController();
  const response = await store.app.request(`${ORIGIN}/api/events`, { headers: { cookie: who.cookie! }, signal: leave.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const events = () =>
    [...text.matchAll(/event: deployment\ndata: (.*)\n/g)].map((m) => JSON.parse(m[1]!) as { projectId: string; deploymentId: string; status: string });
  return {
    events,
    /** Reads until `count` events have come. */
    async waitFor(count: number) {
      while (events().length < count) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended after ${events().length} events`);
        text += decoder.decode(value, { stream: true });
      }
      return events();
    },
    close: () => {
      leave.abort();
      return reader.cancel().catch(() => undefined);
    },
  };
}

describe('deployment events', () => {
  it('tells a user of each new deployment of theirs and each status it moves to, and nothing of anyone else’s', async () => {
    const [me, other] = [await store.newUser('watcher'), await store.newUser('neighbour')];
    const [mine, theirs] = [await store.newProject(me, 'watched'), await store.newProject(other, 'unwatched')];
    const viewer = await openEvents(me);
    try {
      // Another user's deployment first: had it reached this viewer, it would come first.
      expect((await store.call('POST', `/projects/${theirs.id}/deployments`, other)).status).toBe(202);
      const queued = await store.call('POST', `/projects/${mine.id}/deployments`, me);
      expect(queued.status).toBe(202);
      expect(await transition(store.test.db, queued.json!.id, 'building')).toBe(true);
      expect(await viewer.waitFor(2)).toEqual([
        { projectId: mine.id, deploymentId: queued.json!.id, status: 'queued' },
        { projectId: mine.id, deploymentId: queued.json!.id, status: 'building' },
      ]);
    } finally {
      await viewer.close();
    }
  });

  it('tells a user of each step a rollout of theirs reaches, so that a dashboard shows it as it goes', async () => {
    const me = await store.newUser('rollout-watcher');
    const project = await store.newProject(me, 'stepping');
    // Open before the deployment is made: every change of it then arrives, in the order it was
    // made, and none made before the viewer can arrive late among the steps.
    const viewer = await openEvents(me);
    try {
      const queued = (await store.call('POST', `/projects/${project.id}/deployments`, me)).json!.id as string;
      expect(await transition(store.test.db, queued, 'deploying')).toBe(true);
      await enterRolloutStep(store.test.db, queued, 'starting');
      await enterRolloutStep(store.test.db, queued, 'probing');
      const change = (status: string) => ({ projectId: project.id, deploymentId: queued, status });
      expect(await viewer.waitFor(4)).toEqual([change('queued'), change('deploying'), change('deploying'), change('deploying')]);
      const reply = await store.call('GET', `/projects/${project.id}/deployments/${queued}`, me);
      expect(reply.json!.rolloutStep).toBe('probing');
    } finally {
      await viewer.close();
    }
  });

  it('refuses a stranger', async () => {
    expect((await store.call('GET', '/events')).status).toBe(401);
  });
});

describe('the feed of deployment changes', () => {
  /** A user with a project, and a way to make a change to one of its deployments. */
  async function watchedProject(name: string) {
    const owner = await store.newUser(name);
    const project = await store.newProject(owner, name);
    return {
      owner,
      queue: async () => {
        const reply = await store.call('POST', `/projects/${project.id}/deployments`, owner);
        expect(reply.status).toBe(202);
        return { projectId: project.id, deploymentId: reply.json!.id as string, status: 'queued' };
      },
    };
  }
  const next = (feed: AsyncIterable<DeploymentChange>) => feed[Symbol.asyncIterator]().next();

  it('ends the feed of a viewer who leaves, while the others hear on', async () => {
    const { owner, queue } = await watchedProject('leaving');
    const changes = deploymentChanges(store.test.url);
    const [leaving, staying] = [new AbortController(), new AbortController()];
    try {
      const [left, stayed] = [await changes.follow(owner.id, leaving.signal), await changes.follow(owner.id, staying.signal)];
      const first = await queue();
      expect(await next(left)).toEqual({ done: false, value: first });
      expect(await next(stayed)).toEqual({ done: false, value: first });
      leaving.abort();
      expect(await next(left)).toEqual({ done: true, value: undefined });
      const second = await queue();
      expect(await next(stayed)).toEqual({ done: false, value: second });
    } finally {
      staying.abort();
      await changes.close();
    }
  });

  it('ends every feed when the listening connection is lost, so viewers read again, and listens anew for the next', async () => {
    const { owner, queue } = await watchedProject('lost');
    const changes = deploymentChanges(store.test.url);
    const viewing = new AbortController();
    try {
      const feed = await changes.follow(owner.id, viewing.signal);
      // The store app's own feed's connection too, if a test before opened it: it listens anew as well.
      expect(await endSessions(store.test.pool, LISTENER_NAME)).toBeGreaterThan(0);
      expect(await next(feed)).toEqual({ done: true, value: undefined });
      const again = await changes.follow(owner.id, viewing.signal);
      const change = await queue();
      expect(await next(again)).toEqual({ done: false, value: change });
    } finally {
      viewing.abort();
      await changes.close();
    }
  });

  it('opens no feed once closed', async () => {
    const owner = await store.newUser('closed');
    const changes = deploymentChanges(store.test.url);
    await changes.follow(owner.id, AbortSignal.abort());
    await changes.close();
    await expect(changes.follow(owner.id, new AbortController().signal)).rejects.toThrow('deployment changes are closed');
    const { rows } = await store.test.pool.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()', [LISTENER_NAME]);
    // The store app's own feed listens too, once its first viewer came.
    expect(rows[0].n).toBeLessThanOrEqual(1);
  });
});

describe('rollout locks', () => {
  it('runs one project’s rollouts one after the other, across control instances, and another project’s beside them', async () => {
    const owner = await store.newUser('locks');
    const [project, other] = [await store.newProject(owner, 'locked'), await store.newProject(owner, 'free')];
    // Two control instances, each with locks of its own on the one database.
    const [here, there] = [rolloutLocks(store.test.url, 2), rolloutLocks(store.test.url, 2)];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    try {
      const log: string[] = [];
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      const first = here.run(project.id, async () => {
        log.push('first in');
        entered();
        await held;
        log.push('first out');
      });
      await inside;
      // While the first holds the project: another instance may not start one, this one queues its next, and another project is free.
      expect(await there.tryRun(project.id, async () => void log.push('elsewhere'))).toBe(false);
      expect(await here.tryRun(project.id, async () => void log.push('queued here'))).toBe(false);
      const second = there.run(project.id, async () => void log.push('second'));
      expect(await there.tryRun(other.id, async () => void log.push('other project'))).toBe(true);
      release();
      await Promise.all([first, second]);
      expect(log).toEqual(['first in', 'other project', 'first out', 'second']);
      // Free again: either instance takes it at once.
      expect(await there.tryRun(project.id, async () => void log.push('after'))).toBe(true);
      expect(log.at(-1)).toBe('after');
    } finally {
      // A failed expectation leaves the first rollout holding its connection, which close() waits for.
      release();
      await here.close();
      await there.close();
    }
  });

  describe('held as a lease, when Postgres ends the lock’s session', () => {
    /** A lease of `locks` on a new project, held until the returned release is called. */
    async function holdLease(locks: RolloutLocks, name: string) {
      const owner = await store.newUser(name);
      const project = await store.newProject(owner, name);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let given!: (lease: LockLease) => void;
      const leased = new Promise<LockLease>((resolve) => (given = resolve));
      const holding = locks.run(project.id, (lease) => {
        given(lease);
        return released;
      });
      return { projectId: project.id, lease: await leased, release: async () => (release(), await holding) };
    }

    // The other instance's locks are made after the sessions end, so that none of its pooled sessions is one Postgres ended.
    it('takes the lock again on a new session when no other instance took the project meanwhile', async () => {
      const here = rolloutLocks(store.test.url, 2);
      const held = await holdLease(here, 'lease-kept');
      await endSessions(store.test.pool, LOCKS_NAME);
      const there = rolloutLocks(store.test.url, 2);
      try {
        // Until this process has heard of the loss, the lease looks kept and the lock is free for others.
        await eventually(async () => {
          expect(await held.lease.keep()).toBe(true);
          expect(await there.tryRun(held.projectId, async () => undefined)).toBe(false);
        });
      } finally {
        await held.release();
        await Promise.all([here.close(), there.close()]);
      }
    });

    it('tells the holder to stop when another instance took the project meanwhile', async () => {
      const here = rolloutLocks(store.test.url, 2);
      const held = await holdLease(here, 'lease-lost');
      await endSessions(store.test.pool, LOCKS_NAME);
      const there = rolloutLocks(store.test.url, 2);
      let releaseThere!: () => void;
      const taken = new Promise<void>((resolve) => (releaseThere = resolve));
      try {
        let entered!: () => void;
        const inside = new Promise<void>((resolve) => (entered = resolve));
        const holdingThere = there.run(held.projectId, () => {
          entered();
          return taken;
        });
        await inside;
        await eventually(async () => expect(await held.lease.keep()).toBe(false));
        releaseThere();
        await holdingThere;
      } finally {
        releaseThere();
        await held.release();
        await Promise.all([here.close(), there.close()]);
      }
    });
  });

  it('lets go of a project whose rollout failed', async () => {
    const owner = await store.newUser('failing');
    const project = await store.newProject(owner, 'failing');
    const [here, there] = [rolloutLocks(store.test.url, 1), rolloutLocks(store.test.url, 1)];
    try {
      await expect(here.run(project.id, () => Promise.reject(new Error('the health check failed')))).rejects.toThrow('the health check failed');
      expect(await there.tryRun(project.id, async () => undefined)).toBe(true);
      expect(await here.tryRun(project.id, async () => undefined)).toBe(true);
    } finally {
      await here.close();
      await there.close();
    }
  });
});
