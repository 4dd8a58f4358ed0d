import { randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { streams } from '../contract/build-streams.js';
import { pendingBuildEvents } from '../control/src/builds/pending-build-events.js';
import { testbedVar } from './support/testbed.js';

// Which builds still have events on their way to control, read from the real Redis stream and
// consumer group: the reconciler leaves those builds to their events.

/** A database of this file's own: the stream's name is fixed, and other tests' control instances read it. */
const redis = new Redis(`${testbedVar('REDIS_URL').replace(/\/\d*$/, '')}/${1 + randomInt(15)}`);
const group = `control-${randomInt(1e9)}`;

afterAll(async () => {
  await redis.del(streams.events);
  redis.disconnect();
});

const event = (deploymentId: string, type: string) => redis.xadd(streams.events, '*', 'deploymentId', deploymentId, 'event', JSON.stringify({ type }));

describe('pending build events', () => {
  it('names builds whose events no instance has applied: unread, or read and not acknowledged', async () => {
    await redis.del(streams.events);
    expect(await pendingBuildEvents(redis, group)).toEqual(new Set());

    await event('applied', 'built');
    await event('held-by-a-dead-instance', 'built');
    expect(await pendingBuildEvents(redis, group)).toEqual(new Set(['applied', 'held-by-a-dead-instance']));

    await redis.xgroup('CREATE', streams.events, group, '0');
    const read = (await redis.xreadgroup('GROUP', group, 'gone', 'COUNT', 10, 'STREAMS', streams.events, '>')) as Array<[string, Array<[string, string[]]>]>;
    const [applied] = read[0]![1];
    await redis.xack(streams.events, group, applied![0]);
    await event('unread', 'failed');

    expect(await pendingBuildEvents(redis, group)).toEqual(new Set(['held-by-a-dead-instance', 'unread']));
  });
});
