import type { Redis } from 'ioredis';

// ioredis reports every failed reconnection as an 'error' event and, with nobody listening,
// prints each one's stack on stderr: a Redis restart would flood a process's log, outside its
// structured lines. An outage is told twice instead: when a connection is lost, and when it is back.

/** Where a process's structured log takes a connection's outages (pino's shape). */
export interface OutageLog {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** `client`, whose outages `log` is told of once each way, naming the connection `name`. */
export function reportingOutages(client: Redis, name: string, log: OutageLog): Redis {
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    log.warn({ err: error, connection: name }, 'redis connection lost');
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    log.info({ connection: name }, 'redis connection back');
  });
  return client;
}
