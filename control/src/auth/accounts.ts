import { eq, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { users } from '../db/schema.js';
import { hashPassword, verifyPassword } from './password.js';
import type { User } from './tokens.js';

/** Why a sign-up was refused, for a 4xx naming the field. */
export class AccountRefused extends Error {
  constructor(
    readonly field: 'email' | 'password',
    message: string,
  ) {
    super(message);
  }
}

// Hashed once, so that a login for an unknown email costs what one for a known email costs,
// and its timing does not tell which emails have accounts.
const unknownUserHash = hashPassword('not any account');

export type AccountsTransaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/**
 * Runs `work` in a transaction that no other account change runs beside: two first sign-ups at
 * once must not both become admin, and two sign-ins of one new GitHub user must not both create it.
 */
export function withAccountsLocked<T>(db: Database, work: (tx: AccountsTransaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE ${users} IN SHARE ROW EXCLUSIVE MODE`);
    return work(tx);
  });
}

/** A new account, inside withAccountsLocked; the installation's first is its admin. Null when the email is taken. */
export async function insertAccount(tx: AccountsTransaction, values: Omit<typeof users.$inferInsert, 'id' | 'isAdmin' | 'createdAt'>): Promise<User | null> {
  const [{ count }] = (await tx.select({ count: sql<number>`count(*)::int` }).from(users)) as [{ count: number }];
  const [user] = await tx.insert(users).values({ ...values, email: values.email.toLowerCase(), isAdmin: count === 0 }).onConflictDoNothing().returning();
  return user ?? null;
}

/** An email and password account. */
export async function signUp(db: Database, email: string, password: string): Promise<User> {
  const passwordHash = await hashPassword(password);
  const user = await withAccountsLocked(db, (tx) => insertAccount(tx, { email, passwordHash }));
  if (user === null) throw new AccountRefused('email', 'an account with this email exists');
  return user;
}

export async function logIn(db: Database, email: string, password: string): Promise<User | null> {
  const user = await db.query.users.findFirst({ where: eq(users.email, email.toLowerCase()) });
  const valid = await verifyPassword(password, user?.passwordHash ?? (await unknownUserHash));
  return valid && user !== undefined ? user : null;
}
