import { getEventListeners } from 'node:events';
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Refusal } from '../../../shared/refusal.js';
import type { ApiEnv } from './context.js';
import { eventStream, STREAMS_PER_USER } from './event-stream.js';

const unexpected: unknown[] = [];

/** An event stream that says hello and then stays open until its viewer leaves or `stopping` aborts. */
const streamApp = (stopping: AbortSignal) =>
  new Hono<ApiEnv>()
    .use(async (c, next) => {
      c.set('user', { id: c.req.header('x-user') ?? '' } as ApiEnv['Variables']['user']);
      await next();
    })
    .get('/stream', (c) =>
      eventStream(c, { stopping }, (error) => unexpected.push(error), async (stream, signal) => {
        await stream.writeSSE({ data: 'hello' });
        // The hello's write may settle only once the viewer has left.
        if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      }),
    )
    .onError((error, c) => c.json({ status: error instanceof Refusal ? error.status : 500, retryAfter: error instanceof Refusal ? error.retryAfterSeconds : undefined }, 500));
const app = streamApp(new AbortController().signal);

const readers: Array<ReadableStreamDefaultReader<Uint8Array>> = [];

async function open(user: string, from = app): Promise<{ status: number | 'open'; retryAfter?: number }> {
  const reply = await from.request('/stream', { headers: { 'x-user': user } });
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

  it('frees a stream’s place once its viewer leaves, and only that one', async () => {
    for (let i = 0; i < STREAMS_PER_USER; i++) expect(await open('carol')).toEqual({ status: 'open' });
    await readers.shift()!.cancel();
    expect(await open('carol')).toEqual({ status: 'open' });
    expect(await open('carol')).toEqual({ status: 429, retryAfter: 5 });
    // Every tab closed: as many open again.
    await Promise.all(readers.splice(0).map((reader) => reader.cancel()));
    for (let i = 0; i < STREAMS_PER_USER; i++) expect(await open('carol')).toEqual({ status: 'open' });
  });

  it('ends every open stream when control stops, so that browsers reconnect to another instance', async () => {
    const stopping = new AbortController();
    const stopped = streamApp(stopping.signal);
    for (const user of ['dave', 'dave', 'erin']) expect(await open(user, stopped)).toEqual({ status: 'open' });
    stopping.abort();
    for (const reader of readers.splice(0)) expect((await reader.read()).done).toBe(true);
  });

  it('leaves nothing waiting on control’s stop once its streams end, however many came and went', async () => {
    const stopping = new AbortController();
    const app = streamApp(stopping.signal);
    for (let i = 0; i < 3; i++) expect(await open('frank', app)).toEqual({ status: 'open' });
    expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(3);
    await Promise.all(readers.splice(0).map((reader) => reader.cancel()));
    await vi.waitFor(() => expect(getEventListeners(stopping.signal, 'abort')).toHaveLength(0));
  });

  it('sends a comment while it has nothing to say, so that a proxy does not close it as idle', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    try {
      expect(await open('gina')).toEqual({ status: 'open' });
      vi.advanceTimersByTime(25_000);
      expect(new TextDecoder().decode((await readers.at(-1)!.read()).value)).toBe(': keep-alive\n\n');
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells a user past the limit how many streams they may hold and what to do', async () => {
    for (let i = 0; i < STREAMS_PER_USER; i++) expect(await open('hana')).toEqual({ status: 'open' });
    const worded = new Hono<ApiEnv>().get('/stream', (c) => {
      c.set('user', { id: 'hana' } as ApiEnv['Variables']['user']);
      return eventStream(c, { stopping: new AbortController().signal }, () => undefined, async () => undefined);
    });
    worded.onError((error, c) => c.json({ message: error.message }, 429));
    const refused = (await (await worded.request('/stream')).json()) as { message: string };
    expect(refused.message).toMatch(new RegExp(`at most ${STREAMS_PER_USER} open streams.*close some tabs`));
  });
});
