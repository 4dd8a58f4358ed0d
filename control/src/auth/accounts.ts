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

/** An email and password account; the installation's first account is its admin. */
export async function signUp(db: Database, email: string, password: string): Promise<User> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    // Two first sign-ups at once must not both become admin.
    await tx.execute(sql`LOCK TABLE ${users} IN SHARE ROW EXCLUSIVE MODE`);
    const [{ count }] = (await tx.select({ count: sql<number>`count(*)::int` }).from(users)) as [{ count: number }];
    const [user] = await tx.insert(users).values({ email: email.toLowerCase(), passwordHash, isAdmin: count === 0 }).onConflictDoNothing().returning();
    if (user === undefined) throw new AccountRefused('email', 'an account with this email exists');
    return user;
  });
}

export async function logIn(db: Database, email: string, password: string): Promise<User | null> {
  const user = await db.query.users.findFirst({ where: eq(users.email, email.toLowerCase()) });
  const valid = await verifyPassword(password, user?.passwordHash ?? (await unknownUserHash));
  return valid && user !== undefined ? user : null;
}
