import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { invites, signUpSettings } from '../db/schema.js';
import { issueCredential } from './credentials.js';

// The admin's ways to let someone in once sign-up is closed. An invite is a random token shown
// once, of which Postgres keeps the SHA-256 (see credentials.ts): a leaked table invites no one.

export async function setSignUpOpen(db: Database, open: boolean): Promise<void> {
  await db.update(signUpSettings).set({ open });
}

export async function createInvite(
  db: Database,
  adminId: string,
  fields: { email: string | null; expiresAt: Date },
): Promise<{ id: string; token: string; email: string | null; expiresAt: Date }> {
  const { token, kept } = issueCredential('invite_', fields.expiresAt);
  const email = fields.email?.toLowerCase() ?? null;
  const [row] = await db.insert(invites).values({ ...kept, email, createdBy: adminId }).returning({ id: invites.id });
  return { id: row!.id, token, email, expiresAt: fields.expiresAt };
}

export function listInvites(db: Database) {
  return db
    .select({ id: invites.id, email: invites.email, createdAt: invites.createdAt, expiresAt: invites.expiresAt, usedAt: invites.usedAt, usedBy: invites.usedBy })
    .from(invites)
    .orderBy(desc(invites.createdAt));
}

/** False when there is no such invite, or it was used already (its record stays). */
export async function revokeInvite(db: Database, id: string): Promise<boolean> {
  return (await db.delete(invites).where(and(eq(invites.id, id), isNull(invites.usedAt))).returning()).length > 0;
}
