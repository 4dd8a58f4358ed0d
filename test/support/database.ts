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
      // A plain DROP stops an autovacuum worker busy in the database; FORCE, for a connection a test
      // left open, must terminate every backend, and a role that is not a superuser may not
      // terminate that worker ("must be a member of pg_signal_backend").
      await withClient(admin.href, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)),
      );
    },
  };
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

/** A project of a user made for it, as the API would create it. */
export async function insertProject(db: Database, values: { slug: string; repository: string }): Promise<typeof projects.$inferSelect> {
  const [owner] = await db.insert(users).values({ email: `${values.slug}@example.com` }).returning();
  const [project] = await db.insert(projects).values({ ...values, ownerId: owner!.id }).returning();
  return project!;
}
