import type { Database } from '../db/database.js';

// One rollout per project at a time, across every control instance: two would race to write the
// project's route file. A Postgres advisory lock is held by a session, so a control instance that
// dies releases it with its connection, and a free lock beside a deployment still `deploying`
// means the rollout was cut short.

/** The first half of the lock's key: this kind of lock, apart from any other advisory lock. */
const ROLLOUT_LOCKS = 0x726f6c6c;

export async function withRolloutLock<T>(db: Database, projectId: string, run: () => Promise<T>): Promise<T> {
  const client = await db.$client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext($2))', [ROLLOUT_LOCKS, projectId]);
    return await run();
  } finally {
    await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ROLLOUT_LOCKS, projectId]).catch(() => undefined);
    client.release();
  }
}

/** Runs `run` under the project's rollout lock if no rollout holds it; false, without running it, if one does. */
export async function tryWithRolloutLock(db: Database, projectId: string, run: () => Promise<void>): Promise<boolean> {
  const client = await db.$client.connect();
  try {
    const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS taken', [ROLLOUT_LOCKS, projectId]);
    if (!rows[0]!.taken) return false;
    try {
      await run();
      return true;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', [ROLLOUT_LOCKS, projectId]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
