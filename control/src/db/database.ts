import { eq } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import * as schema from './schema.js';

export type Database = NodePgDatabase<typeof schema> & { $client: pg.Pool };
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Runs `work` in a transaction that holds the project's row to its commit, so that work of one
 * project that reads and then writes (counting its rollouts, recording a branch's head) runs one
 * after another.
 */
export function inProjectOrder<T>(db: Database, projectId: string, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.select({ id: schema.projects.id }).from(schema.projects).where(eq(schema.projects.id, projectId)).for('update');
    return work(tx);
  });
}

// Beside this module's folder in the source tree (control/drizzle) and in the built image
// (dist/control/drizzle, copied there by the Dockerfile).
const MIGRATIONS = new URL('../../drizzle', import.meta.url).pathname;

/** Any number: the same one in every control instance, so only one of them migrates at a time. */
const MIGRATION_LOCK = 0x4165_7468;

export function database(pool: pg.Pool): Database {
  return drizzle(pool, { schema });
}

/** Applies the migrations this version has that the database lacks; safe on every start of every instance. */
export async function migrateDatabase(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
