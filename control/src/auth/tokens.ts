import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { apiTokens, sessions, users } from '../db/schema.js';

// Sessions (browser cookies) and API tokens (scripts, CI) are random tokens of which Postgres
// keeps only a SHA-256: a leaked table or backup opens nothing. The tokens are long and random,
// so a fast digest is enough; passwords are the ones that need a slow hash.

export type User = typeof users.$inferSelect;

const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

function newToken(prefix: string): string {
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

/** The token is returned this once; only its hash is kept. */
export async function createApiToken(db: Database, userId: string, name: string): Promise<{ id: string; token: string }> {
  const token = newToken('aether_');
  const [row] = await db.insert(apiTokens).values({ userId, name, tokenHash: tokenHash(token) }).returning({ id: apiTokens.id });
  return { id: row!.id, token };
}

/** `lastUsedAt` is this precise: a write per request would cost every API call a commit. */
const LAST_USED_PRECISION_MS = 60_000;

export async function apiTokenUser(db: Database, token: string): Promise<User | null> {
  const [row] = await db
    .select({ user: users, id: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, tokenHash(token)));
  if (row === undefined) return null;
  const now = new Date();
  if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
  }
  return row.user;
}
