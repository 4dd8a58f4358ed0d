import { eq } from 'drizzle-orm';
import { type AccountsTransaction, insertAccount, withAccountsLocked } from '../auth/accounts.js';
import type { User } from '../auth/tokens.js';
import type { Database } from '../db/database.js';
import { users } from '../db/schema.js';
import type { GitHubIdentity } from './identity.js';
import { SignInRefused } from './oauth.js';

/**
 * The account a GitHub user signs in to: the one linked to them, else the one with their verified
 * email (which they prove they own), else a new one. Their token is kept, sealed, on it.
 */
export function gitHubAccount(db: Database, identity: GitHubIdentity, tokenSealed: string): Promise<User> {
  const github = { githubId: identity.id, githubLogin: identity.login, githubTokenSealed: tokenSealed };
  return withAccountsLocked(db, async (tx) => {
    const linked = await tx.query.users.findFirst({ where: eq(users.githubId, identity.id) });
    if (linked !== undefined) return link(tx, linked.id, github);
    if (identity.email === null) throw new SignInRefused(400, 'your GitHub account has no verified email address; verify one on GitHub and sign in again');
    const sameEmail = await tx.query.users.findFirst({ where: eq(users.email, identity.email.toLowerCase()) });
    if (sameEmail !== undefined && sameEmail.githubId !== null) throw new SignInRefused(409, `the account of ${identity.email} is linked to another GitHub account`);
    if (sameEmail !== undefined) return link(tx, sameEmail.id, github);
    // Under the lock, neither the email nor the GitHub ID can have been taken since they were looked up.
    return (await insertAccount(tx, { email: identity.email, ...github }))!;
  });
}

async function link(tx: AccountsTransaction, userId: string, github: Pick<User, 'githubId' | 'githubLogin' | 'githubTokenSealed'>): Promise<User> {
  const [user] = await tx.update(users).set(github).where(eq(users.id, userId)).returning();
  return user!;
}
