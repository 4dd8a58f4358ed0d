import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

// One rollout per project at a time, across every control instance: two would race to write the
// project's route file. A Postgres advisory lock is held by a session, so a control instance that
// dies releases it with its connection, and a free lock beside a deployment still `deploying`
// means the rollout was cut short. A session Postgres ends (a restart) frees the lock too while
// its holder runs on: the holder's lease takes it again at its next step, or tells it to stop.
//
// Waiting for the lock never costs a connection anyone else needs. The locks live on a small pool
// of their own, so a rollout holding one still finds the API's pool free for its queries and its
// error path. Within an instance, the rollouts of one project queue in memory, so the instance
// spends at most one lock connection per project; a rollout whose project is locked by another
// instance tries again later rather than blocking a connection inside Postgres.

/** The first half of the lock's key: this kind of lock, apart from any other advisory lock. */
const ROLLOUT_LOCKS = 0x726f6c6c;
/** How soon a rollout whose project another instance holds tries again. */
const RETRY_MS = 250;

/**
 * Given to the holder. Postgres frees the lock when it ends the lock's session (a restart, a lost
 * network), and another instance may take the project from then on: before each step, the holder
 * keeps the lease, which takes the lock again on a new session if it was lost meanwhile; false
 * when another holds it now, and the holder must stop.
 */
export interface LockLease {
  keep(): Promise<boolean>;
}

/** The lock's name among Postgres's sessions (pg_stat_activity). */
export const LOCKS_NAME = 'aether-rollout-locks';

export interface RolloutLocks {
  /** Runs `run` holding the project's lock, after every rollout of the project that came before it. */
  run<T>(projectId: string, run: (lease: LockLease) => Promise<T>): Promise<T>;
  /** Runs `run` holding the project's lock if nothing holds it or waits for it here; false, without running it, otherwise. */
  tryRun(projectId: string, run: (lease: LockLease) => Promise<void>): Promise<boolean>;
  close(): Promise<void>;
}

interface LockSession {
  /** Whether Postgres ended the session, and the lock with it. */
  lost(): boolean;
  /** Unlocks and gives the session back. */
  end(): Promise<void>;
}

/** Locks held on at most `connections` sessions of their own to the database at `connectionString`. */
export function rolloutLocks(connectionString: string, connections: number): RolloutLocks {
  const pool = new pg.Pool({ connectionString, max: connections, application_name: LOCKS_NAME });
  // An idle lock session that drops holds no lock: the pool replaces it when next asked.
  pool.on('error', () => undefined);
  // A held session that drops (Postgres restarts) is an error event on its client, which the pool
  // listens to only while the client is idle: unheard, it would end control. The lock went with
  // the session; the unlock then fails and the client is discarded.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const turns = new Map<string, Promise<void>>();

  /** Runs `run` once the project's earlier turns in this instance have ended. */
  async function inTurn<T>(projectId: string, run: () => Promise<T>): Promise<T> {
    const before = turns.get(projectId) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = before.then(() => mine);
    turns.set(projectId, tail);
    try {
      await before;
      return await run();
    } finally {
      done();
      if (turns.get(projectId) === tail) turns.delete(projectId);
    }
  }

  /** A session holding the project's lock if it is free in Postgres now; null if not. */
  async function lockSession(projectId: string): Promise<LockSession | null> {
    const client = await pool.connect();
    const key = [ROLLOUT_LOCKS, projectId];
    let taken: boolean;
    try {
      const { rows } = await client.query<{ taken: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS taken', key);
      taken = rows[0]!.taken;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    if (!taken) {
      client.release();
      return null;
    }
    let lost = false;
    const lose = () => (lost = true);
    client.on('error', lose).on('end', lose);
    return {
      lost: () => lost,
      async end() {
        client.off('error', lose).off('end', lose);
        // A session whose unlock failed may still hold the lock: it is closed, which releases it.
        await client.query('SELECT pg_advisory_unlock($1, hashtext($2))', key).then(
          () => client.release(),
          (error: Error) => client.release(error),
        );
      },
    };
  }

  /** Runs `run` holding the lock if it is free in Postgres now; null, without running it, if not. */
  async function holding<T>(projectId: string, run: (lease: LockLease) => Promise<T>): Promise<{ value: T } | null> {
    let session = await lockSession(projectId);
    if (session === null) return null;
    const lease: LockLease = {
      async keep() {
        if (session !== null && !session.lost()) return true;
        const ended = session;
        session = null;
        await ended?.end();
        session = await lockSession(projectId);
        return session !== null;
      },
    };
    try {
      return { value: await run(lease) };
    } finally {
      await session?.end();
    }
  }

  return {
    run: (projectId, run) =>
      inTurn(projectId, async () => {
        for (;;) {
          const held = await holding(projectId, run);
          if (held !== null) return held.value;
          await sleep(RETRY_MS);
        }
      }),
    async tryRun(projectId, run) {
      if (turns.has(projectId)) return false;
      return inTurn(projectId, async () => (await holding(projectId, run)) !== null);
    },
    close: () => pool.end(),
  };
}
