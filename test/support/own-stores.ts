import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { docker, TEST_LABEL, TEST_RUN } from './docker.js';
import { eventually } from './http.js';
import { freePort } from './ports.js';
import { testbedVar } from './testbed.js';

// Redis and Postgres of a stack's own, in containers of the test bed's images, for tests that
// restart them: the test bed's own are shared by every test file running beside this one.

export type StoreName = 'redis' | 'postgres';

export interface OwnStores {
  redisUrl: string;
  databaseUrl: string;
  /**
   * Restarts one store as a crash would (SIGKILL, then started again on the same port). Redis
   * writes every command to its append-only file before answering; without `keepAppendOnlyFile`
   * the file is deleted first, so Redis comes back empty.
   */
  restart(store: StoreName, options?: { keepAppendOnlyFile: boolean }): Promise<void>;
  remove(): Promise<void>;
}

const PASSWORD = 'aether';

async function startContainer(image: string, port: number, containerPort: number, options: { Cmd?: string[]; Env?: string[] }) {
  const container = await docker.createContainer({
    Image: image,
    ...options,
    Labels: { [TEST_LABEL]: TEST_RUN },
    ExposedPorts: { [`${containerPort}/tcp`]: {} },
    // As the install's compose file has them: back with the engine after a restart.
    HostConfig: { PortBindings: { [`${containerPort}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: String(port) }] }, RestartPolicy: { Name: 'unless-stopped' } },
  });
  await container.start();
  return container;
}

async function redisAnswers(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  // A Redis still starting resets the connection: connect() or ping() rejects, which is the answer.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function postgresAnswers(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  await client.end();
}

async function exec(container: Awaited<ReturnType<typeof startContainer>>, cmd: string[]): Promise<void> {
  const run = await container.exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const stream = await run.start({});
  stream.resume();
  await new Promise((resolve) => stream.on('end', resolve));
  const { ExitCode } = await run.inspect();
  if (ExitCode !== 0) throw new Error(`${cmd.join(' ')} exited ${String(ExitCode)}`);
}

export async function startOwnStores(): Promise<OwnStores> {
  const [redisPort, postgresPort] = [await freePort(), await freePort()];
  const database = `aether_${randomBytes(3).toString('hex')}`;
  const redisUrl = `redis://127.0.0.1:${redisPort}/0`;
  const databaseUrl = `postgres://aether:${PASSWORD}@127.0.0.1:${postgresPort}/${database}`;
  const redis = await startContainer(testbedVar('AETHER_IMAGE_REDIS'), redisPort, 6379, {
    Cmd: ['redis-server', '--appendonly', 'yes', '--appendfsync', 'always', '--save', ''],
  });
  const postgres = await startContainer(testbedVar('AETHER_IMAGE_POSTGRES'), postgresPort, 5432, {
    Env: ['POSTGRES_USER=aether', `POSTGRES_PASSWORD=${PASSWORD}`, `POSTGRES_DB=${database}`],
  });
  const containers = { redis, postgres };
  const answers = { redis: () => redisAnswers(redisUrl), postgres: () => postgresAnswers(databaseUrl) };
  await Promise.all([eventually(answers.redis, 30_000), eventually(answers.postgres, 60_000)]);

  return {
    redisUrl,
    databaseUrl,
    async restart(store, options = { keepAppendOnlyFile: true }) {
      const container = containers[store];
      if (store === 'redis' && !options.keepAppendOnlyFile) await exec(container, ['rm', '-rf', '/data/appendonlydir']);
      await container.kill({ signal: 'SIGKILL' });
      await container.start();
      await eventually(answers[store], 60_000);
    },
    async remove() {
      // A run's clean-up of everything it labelled may have taken them already.
      await Promise.all([redis.remove({ force: true }).catch(() => undefined), postgres.remove({ force: true }).catch(() => undefined)]);
    },
  };
}
