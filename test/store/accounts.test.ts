import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { withAccountsLocked } from '../../control/src/auth/accounts.js';
import { users } from '../../control/src/db/schema.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

// Account changes against the real Postgres: two first sign-ups at once must not both make an
// admin, nor one invite let two accounts in, so each change sees the one committed before it.

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await test.drop();
});

/** Whether a query of this database waits on another transaction's lock. */
async function someoneWaitsOnALock(): Promise<boolean> {
  const { rows } = await test.db.execute(sql`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
  return rows.length > 0;
}

describe('account changes', () => {
  it('run one after the other: a second one waits for the first to commit, and counts the account it made', async () => {
    const counted: number[] = [];
    let started!: () => void;
    let finish!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const firstMayFinish = new Promise<void>((resolve) => (finish = resolve));
    const first = withAccountsLocked(test.db, async (tx) => {
      await tx.insert(users).values({ email: `first-${randomUUID()}@example.com` });
      started();
      await firstMayFinish;
    });
    await firstStarted;
    const second = withAccountsLocked(test.db, async (tx) => {
      counted.push(await tx.$count(users));
    });
    // The second has either counted already, or waits for the first's lock.
    await vi.waitFor(async () => expect(counted.length > 0 || (await someoneWaitsOnALock())).toBe(true), { timeout: 10_000, interval: 20 });
    finish();
    await Promise.all([first, second]);
    expect(counted).toEqual([1]);
  });
});
