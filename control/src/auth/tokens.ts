import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, ne, or } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { apiTokens, sessions, users } from '../db/schema.js';

// Sessions (browser cookies) and API tokens (scripts, CI) are random tokens of which Postgres
// keeps only a SHA-256: a leaked table or backup opens nothing. The tokens are long and random,
// so a fast digest is enough; passwords are the ones that need a slow hash.

export type User = typeof users.$inferSelect;

const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** A secret of 256 random bits, its kind named by `prefix`: shown once, kept only as tokenHash. */
export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Database, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken('');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insert(sessions).values({ tokenHash: tokenHash(token), userId, expiresAt });
  return { token, expiresAt };
}

export async function sessionUser(db: Database, token: string): Promise<User | null> {
  const [row] = await db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash(token)), gt(sessions.expiresAt, new Date())));
  return row?.user ?? null;
}

export async function endSession(db: Database, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash(token)));
}

/** Signs the user out of every browser, or of every one but the session `exceptHash`. */
export async function endSessions(db: Database, userId: string, exceptHash?: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId), exceptHash === undefined ? undefined : ne(sessions.tokenHash, exceptHash)));
}

/** The token is returned this once; only its hash is kept. */
export async function createApiToken(db: Database, userId: string, name: string, expiresAt: Date | null = null): Promise<{ id: string; token: string; expiresAt: Date | null }> {
  const token = newToken('aether_');
  const [row] = await db.insert(apiTokens).values({ userId, name, tokenHash: tokenHash(token), expiresAt }).returning({ id: apiTokens.id });
  return { id: row!.id, token, expiresAt };
}

/** The user's tokens as they may see them: everything but the secret, which is not kept. */
export function listApiTokens(db: Database, userId: string) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** False when the user has no such token. */
export async function revokeApiToken(db: Database, userId: string, id: string): Promise<boolean> {
  return (await db.delete(apiTokens).where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId))).returning()).length > 0;
}

/** `lastUsedAt` is this precise: a write per request would cost every API call a commit. */
const LAST_USED_PRECISION_MS = 60_000;

export async function apiTokenUser(db: Database, token: string): Promise<{ user: User; tokenId: string } | null> {
  const now = new Date();
  const [row] = await db
    .select({ user: users, id: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash(token)), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now))));
  if (row === undefined) return null;
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return { user: row.user, tokenId: row.id };
}
