import { setTimeout as sleep } from 'node:timers/promises';

// Postgres restarts (an upgrade, a crash, a moved volume) take seconds. Work that must not be
// abandoned halfway, a rollout, waits them out and runs its step again, rather than failing a
// deployment for a database that was back a moment later.

/** How long work waits for the database to answer again before it gives up. */
export const OUTAGE_PATIENCE_MS = 60_000;
/** Between two asks whether the database answers again. */
const ASK_MS = 500;
/** A database that keeps going away is not a short outage. */
const MOST_RERUNS = 3;

/** The network's words for a server that is not there (yet), or went away mid-conversation. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH']);
/** Postgres's own: shutting down (57P01, 57P02), starting up (57P03), and the class of lost connections (08). */
const SERVER_GONE = /^(57P0[123]|08...)$/;
/** pg's words for a connection that ended under it, or that it could not open in time. */
const CONNECTION_LOST = /^(Connection terminated|Client has encountered a connection error|timeout expired)/;

/**
 * Whether `error` says the database could not be reached or ended the session, rather than
 * refusing what was asked: only then may the same work be tried again. Follows `cause`, which
 * drizzle wraps the driver's error in.
 */
export function lostTheDatabase(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && (UNREACHABLE.has(code) || SERVER_GONE.test(code))) return true;
    if (CONNECTION_LOST.test(cause.message)) return true;
  }
  return false;
}

/**
 * Runs `work`, and again when a lost database cut it, once `databaseAnswers` resolves; throws what
 * cut it when the database has not answered within `patienceMs` of the loss, or went away again
 * too often. `work` must be safe to run again from its start.
 */
export async function throughOutages<T>(work: () => Promise<T>, databaseAnswers: () => Promise<unknown>, patienceMs = OUTAGE_PATIENCE_MS): Promise<T> {
  for (let reruns = 0; ; reruns++) {
    try {
      return await work();
    } catch (error) {
      if (!lostTheDatabase(error) || reruns === MOST_RERUNS || !(await answersBefore(Date.now() + patienceMs, databaseAnswers))) throw error;
    }
  }
}

async function answersBefore(deadline: number, databaseAnswers: () => Promise<unknown>): Promise<boolean> {
  while (Date.now() < deadline) {
    if (await databaseAnswers().then(() => true, () => false)) return true;
    await sleep(ASK_MS);
  }
  return false;
}
