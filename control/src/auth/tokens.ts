import { and, desc, eq, ne } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { apiTokens, sessions, users } from '../db/schema.js';
import { issueCredential, isUnexpired, lastUsedIsStale, sessionExpiry, tokenHash } from './credentials.js';

// Sessions and API tokens in Postgres, as credentials.ts decides what is kept of them and for how long.

export type User = typeof users.$inferSelect;

export async function createSession(db: Database, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const { token, kept } = issueCredential('', sessionExpiry(new Date()));
  await db.insert(sessions).values({ ...kept, userId });
  return { token, expiresAt: kept.expiresAt };
}

export async function sessionUser(db: Database, token: string): Promise<User | null> {
  const [row] = await db
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash(token)));
  return row !== undefined && isUnexpired(row.expiresAt, new Date()) ? row.user : null;
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
  const { token, kept } = issueCredential('aether_', expiresAt);
  const [row] = await db.insert(apiTokens).values({ ...kept, userId, name }).returning({ id: apiTokens.id });
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

export async function apiTokenUser(db: Database, token: string): Promise<{ user: User; tokenId: string } | null> {
  const now = new Date();
  const [row] = await db
    .select({ user: users, id: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, expiresAt: apiTokens.expiresAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash(token)));
  if (row === undefined || !isUnexpired(row.expiresAt, now)) return null;
  if (lastUsedIsStale(row.lastUsedAt, now)) await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  return { user: row.user, tokenId: row.id };
}
