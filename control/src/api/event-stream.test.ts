import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { Refusal } from '../../../shared/refusal.js';
import type { ApiEnv } from './context.js';
import { eventStream, STREAMS_PER_USER } from './event-stream.js';

const stopping = new AbortController();
const unexpected: unknown[] = [];

/** An event stream that says hello and then stays open until its viewer leaves or control stops. */
const app = new Hono<ApiEnv>()
  .use(async (c, next) => {
    c.set('user', { id: c.req.header('x-user') ?? '' } as ApiEnv['Variables']['user']);
    await next();
  })
  .get('/stream', (c) =>
    eventStream(c, { stopping: stopping.signal }, (error) => unexpected.push(error), async (stream, signal) => {
      await stream.writeSSE({ data: 'hello' });
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    }),
  )
  .onError((error, c) => c.json({ status: error instanceof Refusal ? error.status : 500, retryAfter: error instanceof Refusal ? error.retryAfterSeconds : undefined }, 500));

const readers: Array<ReadableStreamDefaultReader<Uint8Array>> = [];

async function open(user: string): Promise<{ status: number | 'open'; retryAfter?: number }> {
  const reply = await app.request('/stream', { headers: { 'x-user': user } });
  if (reply.headers.get('content-type')?.startsWith('text/event-stream')) {
    const reader = reply.body!.getReader();
    readers.push(reader);
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('data: hello');
    return { status: 'open' };
  }
  return (await reply.json()) as { status: number; retryAfter?: number };
}

afterEach(async () => {
  await Promise.all(readers.splice(0).map((reader) => reader.cancel()));
  expect(unexpected).toEqual([]);
});

describe('event streams', () => {
  it(`lets a user hold ${STREAMS_PER_USER} streams at once, refuses the next with 429 and when to retry, and leaves other users alone`, async () => {
    for (let i = 0; i < STREAMS_PER_USER; i++) expect(await open('alice')).toEqual({ status: 'open' });
    expect(await open('alice')).toEqual({ status: 429, retryAfter: 5 });
    expect(await open('bob')).toEqual({ status: 'open' });
  });
});
