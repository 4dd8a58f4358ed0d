import { describe, expect, it } from 'vitest';
import { encodeLogLine, streams } from '../../contract/build-streams.js';
import { deployments } from '../../control/src/db/schema.js';
import { transition } from '../../control/src/deployments/transition.js';
import { type BuildLogItem, buildLogFeed } from '../../control/src/logs/build-log-feed.js';
import { type StoreApp, useStoreApp } from '../support/store-app.js';

// A build's log as a viewer reads it while the builder writes it to Redis: what a viewer was
// shown is kept in Postgres, whatever becomes of the stream afterwards.

let store: StoreApp;

useStoreApp(async (app) => {
  store = app;
  await app.newUser('admin');
});

const feed = (deploymentId: string, signal: AbortSignal) => buildLogFeed({ db: store.test.db, lines: store.parts.buildLogs!, deploymentId, signal, idleMs: 50 });
const texts = (items: BuildLogItem[]) => items.flatMap((item) => (item.type === 'line' ? [item.line.text] : []));

describe("a build's log", () => {
  it('keeps a line a viewer was shown, though Redis then loses the stream (restarted empty)', async () => {
    const owner = await store.newUser('viewer');
    const { id: projectId } = await store.newProject(owner, 'shown');
    const [deployment] = await store.test.db.insert(deployments).values({ projectId, trigger: 'manual', status: 'building', imageTag: 'shown' }).returning();
    const key = streams.log(deployment!.id);
    await store.redis.xadd(key, '*', ...encodeLogLine({ timestamp: new Date(), step: 1, stream: 'stdout', text: 'compiled 12 modules' }));

    const watching = new AbortController();
    const live = feed(deployment!.id, watching.signal);
    expect((await live.next()).value).toMatchObject({ type: 'line', line: { text: 'compiled 12 modules' } });
    watching.abort();
    await live.return(undefined);

    await store.redis.del(key);
    expect(await transition(store.test.db, deployment!.id, 'failed', { error: 'the build was lost' })).toBe(true);
    const recorded: BuildLogItem[] = [];
    for await (const item of feed(deployment!.id, new AbortController().signal)) recorded.push(item);
    expect(texts(recorded)).toEqual(['compiled 12 modules']);
  });
});
