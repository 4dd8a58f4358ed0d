import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, database, migrateDatabase } from '../../control/src/db/database.js';
import { projects, users } from '../../control/src/db/schema.js';
import { testbedVar } from './testbed.js';

export interface TestDatabase {
  url: string;
  pool: pg.Pool;
  db: Database;
  drop(): Promise<void>;
}

/** A database of its own for one test file, migrated as control migrates at start-up. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = new URL(testbedVar('DATABASE_URL'));
  const name = `aether_t_${randomBytes(4).toString('hex')}`;
  await withClient(admin.href, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(admin.href);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.href });
  await migrateDatabase(pool);
  return {
    url: url.href,
    pool,
    db: database(pool),
    async drop() {
      await pool.end();
      await withClient(admin.href, (client) => dropDatabase(client, name));
    },
  };
}

/**
 * Drops the database, ending what still holds it. FORCE ends every backend in it, but a role
 * that is not a superuser may not end an autovacuum worker (42501); a plain DROP cancels that
 * worker, and a few tries find the moment a closing connection of the test's is gone too.
 */
async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await connectionsGone(client, name);
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt === 20) throw error;
      if (await client.query(`DROP DATABASE IF EXISTS ${name}`).then(() => true, () => false)) return;
      await sleep(250);
    }
  }
}

/**
 * Waits, a few seconds at most, for the test's own connections to the database to have closed.
 * A pool's end() resolves while its last sockets still close; FORCE would end those backends
 * with 57P01, which their clients, no longer listened to, throw as an unhandled error.
 */
async function connectionsGone(client: pg.Client, name: string): Promise<void> {
  const query = "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'";
  for (let waited = 0; waited < 5_000; waited += 100) {
    const { rows } = await client.query<{ n: number }>(query, [name]);
    if (rows[0]!.n === 0) return;
    await sleep(100);
  }
}

async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Ends every session of `pool`'s database that names itself `applicationName`, as a Postgres
 * restart would, and waits until Postgres has let them go (with any lock they held); how many it ended.
 */
export async function endSessions(pool: pg.Pool, applicationName: string): Promise<number> {
  const { rows } = await pool.query<{ pid: number; ended: boolean }>(
    'SELECT pid, pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
    [applicationName],
  );
  const pids = rows.map((row) => row.pid);
  for (let waited = 0; ; waited += 100) {
    const { rowCount } = await pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[])', [pids]);
    if (rowCount === 0) return rows.filter((row) => row.ended).length;
    if (waited > 20_000) throw new Error(`sessions ${pids.join(', ')} of ${applicationName} still there after 20 s`);
    await sleep(100);
  }
}

/** A project of a user made for it, as the API would create it. */
export async function insertProject(db: Database, values: Pick<typeof projects.$inferInsert, 'slug' | 'repository' | 'settings'>): Promise<typeof projects.$inferSelect> {
  const [owner] = await db.insert(users).values({ email: `${values.slug}@example.com` }).returning();
  const [project] = await db.insert(projects).values({ ...values, ownerId: owner!.id }).returning();
  return project!;
}
