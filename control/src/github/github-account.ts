import { eq } from 'drizzle-orm';
import { admitAccount, withAccountsLocked } from '../auth/accounts.js';
import type { User } from '../auth/tokens.js';
import type { Database, Transaction } from '../db/database.js';
import { projects, users } from '../db/schema.js';
import type { GitHubIdentity } from './identity.js';
import { SignInRefused } from './oauth.js';

type GitHubLink = Pick<User, 'githubId' | 'githubLogin' | 'githubTokenSealed'>;

const linkOf = (identity: GitHubIdentity, tokenSealed: string): GitHubLink => ({ githubId: identity.id, githubLogin: identity.login, githubTokenSealed: tokenSealed });

/**
 * The account a GitHub sign-in lands in: the one linked to the GitHub user, else a new one if
 * the sign-up rule lets it in. Never an account found by its email: nobody verified the email a
 * password account was made with, and whoever typed it first would receive the GitHub user's
 * token. Linking an existing account happens only from its own session (connectGitHub).
 */
export function gitHubAccount(db: Database, identity: GitHubIdentity, tokenSealed: string, inviteToken: string | undefined): Promise<User> {
  return withAccountsLocked(db, async (tx) => {
    const linked = await tx.query.users.findFirst({ where: eq(users.githubId, identity.id) });
    if (linked !== undefined) return link(tx, linked.id, linkOf(identity, tokenSealed));
    if (identity.email === null) throw new SignInRefused(400, 'your GitHub account has no verified email address; verify one on GitHub and sign in again');
    return admitAccount(tx, { email: identity.email, ...linkOf(identity, tokenSealed) }, inviteToken);
  });
}

/**
 * Links the GitHub user to the signed-in account `userId`. A GitHub user already linked to
 * another account keeps it, unless that account is one only this GitHub user could sign in to
 * and it holds nothing (made by signing in with GitHub before connecting): the person here
 * controls it, so it gives way.
 */
export function connectGitHub(db: Database, userId: string, identity: GitHubIdentity, tokenSealed: string): Promise<User> {
  return withAccountsLocked(db, async (tx) => {
    const linked = await tx.query.users.findFirst({ where: eq(users.githubId, identity.id) });
    if (linked !== undefined && linked.id !== userId) {
      if (!(await isEmptyGitHubAccount(tx, linked))) {
        throw new SignInRefused(409, `GitHub user ${identity.login} signs in to another Aether account; sign in with GitHub to use that one`);
      }
      await tx.delete(users).where(eq(users.id, linked.id));
    }
    return link(tx, userId, linkOf(identity, tokenSealed));
  });
}

async function isEmptyGitHubAccount(tx: Transaction, user: User): Promise<boolean> {
  return user.passwordHash === null && !user.isAdmin && (await tx.$count(projects, eq(projects.ownerId, user.id))) === 0;
}

async function link(tx: Transaction, userId: string, github: GitHubLink): Promise<User> {
  const [user] = await tx.update(users).set(github).where(eq(users.id, userId)).returning();
  return user!;
}
