import { and, eq, isNotNull, ne, sql } from 'drizzle-orm';
import { Refusal } from '../../../shared/refusal.js';
import type { Database, Transaction } from '../db/database.js';
import { invites, sessions, signUpSettings, users } from '../db/schema.js';
import { admit, type SignUpState, signUpState } from './admission.js';
import { hashPassword, verifyPassword } from './password.js';
import { tokenHash } from './credentials.js';
import type { User } from './tokens.js';

/** Why an account change was refused, for a 4xx naming the field. */
export class AccountRefused extends Refusal {
  constructor(
    override readonly status: 400 | 403,
    override readonly field: 'email' | 'password' | 'currentPassword' | 'invite',
    message: string,
  ) {
    super(status, message, field);
  }
}

// Hashed once, so that a login for an unknown email costs what one for a known email costs,
// and its timing does not tell which emails have accounts.
const unknownUserHash = hashPassword('not any account');


/**
 * Runs `work` in a transaction that no other account change runs beside: two first sign-ups at
 * once must not both become admin, two sign-ins of one new GitHub user must not both create it,
 * and one invite must not let two accounts in.
 */
export function withAccountsLocked<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE ${users} IN SHARE ROW EXCLUSIVE MODE`);
    return work(tx);
  });
}

export async function currentSignUpState(tx: Transaction | Database): Promise<SignUpState> {
  const [{ count }] = (await tx.select({ count: sql<number>`count(*)::int` }).from(users)) as [{ count: number }];
  const [settings] = await tx.select().from(signUpSettings);
  return signUpState(count, settings?.open ?? false);
}

/** Whether the sign-up rule lets an account for `email` in: the admin flag it gets and the invite it spends, or AccountRefused. */
async function admission(tx: Transaction, email: string, inviteToken: string | undefined) {
  const invite = inviteToken === undefined ? undefined : ((await tx.query.invites.findFirst({ where: eq(invites.tokenHash, tokenHash(inviteToken)) })) ?? null);
  const decision = admit(await currentSignUpState(tx), email, invite, new Date());
  if (!decision.admitted) throw new AccountRefused(decision.status, 'invite', decision.message);
  return decision;
}

type NewAccount = Omit<typeof users.$inferInsert, 'id' | 'isAdmin' | 'createdAt'>;

/** A new account, inside withAccountsLocked, if the sign-up rule lets it in; the invite it used is spent. */
export async function admitAccount(tx: Transaction, values: NewAccount, inviteToken: string | undefined): Promise<User> {
  const email = values.email.toLowerCase();
  const { isAdmin, inviteId } = await admission(tx, email, inviteToken);
  // Checked after admission, so that a stranger learns nothing of who has an account while sign-up is closed.
  if (values.passwordHash != null && (await tx.$count(users, eq(users.email, email))) > 0) throw new AccountRefused(400, 'email', 'an account with this email exists');
  const [user] = await tx.insert(users).values({ ...values, email, isAdmin }).returning();
  if (inviteId !== null) await tx.update(invites).set({ usedAt: new Date(), usedBy: user!.id }).where(eq(invites.id, inviteId));
  return user!;
}

/** An email and password account. The rule is checked before the costly hash as well, so a closed sign-up costs nothing. */
export async function signUp(db: Database, account: { email: string; password: string; name?: string | undefined }, inviteToken: string | undefined): Promise<User> {
  await db.transaction((tx) => admission(tx, account.email, inviteToken));
  const passwordHash = await hashPassword(account.password);
  return withAccountsLocked(db, (tx) => admitAccount(tx, { email: account.email, passwordHash, name: account.name ?? null }, inviteToken));
}

export async function logIn(db: Database, email: string, password: string): Promise<User | null> {
  const user = await db.query.users.findFirst({ where: and(eq(users.email, email.toLowerCase()), isNotNull(users.passwordHash)) });
  const valid = await verifyPassword(password, user?.passwordHash ?? (await unknownUserHash));
  return valid && user !== undefined ? user : null;
}

/**
 * A new password for the user who knows the current one. Every other session ends: whoever
 * signed in with the old password is signed out; the session `keepSessionHash` goes on.
 */
export async function changePassword(db: Database, user: User, current: string, next: string, keepSessionHash: string): Promise<void> {
  if (user.passwordHash === null) throw new AccountRefused(400, 'currentPassword', 'this account signs in with GitHub and has no password');
  if (!(await verifyPassword(current, user.passwordHash))) throw new AccountRefused(400, 'currentPassword', 'the current password is wrong');
  const passwordHash = await hashPassword(next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.tokenHash, keepSessionHash)));
  });
}
