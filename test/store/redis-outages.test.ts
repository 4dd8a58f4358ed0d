import { connect, createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { type OutageLog, reportingOutages } from '../../contract/redis-outages.js';
import { eventually } from '../support/http.js';
import { testbedVar } from '../support/testbed.js';

// The test bed's Redis behind a TCP relay this test cuts and opens again: the network going
// away and coming back, with a real Redis and a real client on either side of it.

interface Relay {
  port: number;
  /** Closes every connection and refuses new ones while `on`. */
  cut(on: boolean): void;
  close(): Promise<void>;
}

async function startRelay(): Promise<Relay> {
  const target = new URL(testbedVar('REDIS_URL'));
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    cut(on) {
      refusing = on;
      if (on) for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A log that keeps what it was told. */
function keptLog(): OutageLog & { lines: string[] } {
  const lines: string[] = [];
  const keep = (fields: object, message: string) => void lines.push(`${message} (${(fields as { connection: string }).connection})`);
  return { lines, warn: keep, info: keep };
}

describe('a Redis connection’s outages in the process’s log', () => {
  it('are told once when the connection is lost, however often it retries meanwhile, and once when it is back, each outage', async () => {
    const relay = await startRelay();
    const log = keptLog();
    let failures = 0;
    const client = reportingOutages(new Redis(relay.port, '127.0.0.1', { retryStrategy: () => 20, maxRetriesPerRequest: 0 }), 'streams', log);
    client.on('error', () => failures++);
    try {
      expect(await client.ping()).toBe('PONG');
      relay.cut(true);
      await eventually(async () => expect(failures).toBeGreaterThanOrEqual(5));
      expect(log.lines).toEqual(['redis connection lost (streams)']);
      relay.cut(false);
      await eventually(async () => expect(await client.ping()).toBe('PONG'));
      expect(log.lines).toEqual(['redis connection lost (streams)', 'redis connection back (streams)']);
      // The next outage is a new one.
      relay.cut(true);
      await eventually(async () => expect(log.lines).toHaveLength(3));
      expect(log.lines.at(-1)).toBe('redis connection lost (streams)');
    } finally {
      client.disconnect();
      await relay.close();
    }
  });
});
