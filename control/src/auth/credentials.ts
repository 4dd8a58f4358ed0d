import { createHash, randomBytes } from 'node:crypto';

// Sessions (browser cookies), API tokens (scripts, CI) and invites are random tokens of which
// Postgres keeps only a SHA-256: a leaked table or backup opens nothing. The tokens are long and
// random, so a fast digest is enough; passwords are the ones that need a slow hash. What is kept
// and when a credential stops opening anything are decided here, with no database.

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** `lastUsedAt` is this precise: a write per request would cost every API call a commit. */
export const LAST_USED_PRECISION_MS = 60_000;

/** A secret of 256 random bits, its kind named by `prefix`: shown once, kept only as tokenHash. */
export function newToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new credential: the token for its holder, and the only part of it the database keeps. */
export function issueCredential<T extends Date | null>(prefix: string, expiresAt: T): { token: string; kept: { tokenHash: string; expiresAt: T } } {
  const token = newToken(prefix);
  return { token, kept: { tokenHash: tokenHash(token), expiresAt } };
}

export function sessionExpiry(now: Date): Date {
  return new Date(now.getTime() + SESSION_TTL_MS);
}

/** Whether a credential still opens anything at `now`; null never expires. */
export function isUnexpired(expiresAt: Date | null, now: Date): boolean {
  return expiresAt === null || expiresAt.getTime() > now.getTime();
}

/** Whether a use at `now` is worth recording. */
export function lastUsedIsStale(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() > LAST_USED_PRECISION_MS;
}
