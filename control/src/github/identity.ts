import { z } from 'zod';
import type { GitHubApi } from './github-api.js';

/** Who signed in on GitHub. */
export interface GitHubIdentity {
  id: number;
  login: string;
  /** A verified address, or null when the account has none. */
  email: string | null;
}

const userSchema = z.object({ id: z.number().int().positive(), login: z.string().min(1), email: z.string().nullable().optional() });
const emailsSchema = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

export async function fetchIdentity(api: GitHubApi): Promise<GitHubIdentity> {
  const { body: user } = await api.get(userSchema, '/user');
  // A profile's public email can only be one of its verified addresses; a private one is read
  // from the list, which says which are verified.
  if (typeof user.email === 'string' && user.email !== '') return { id: user.id, login: user.login, email: user.email };
  const { body: emails } = await api.get(emailsSchema, '/user/emails');
  const verified = emails.find((e) => e.primary && e.verified) ?? emails.find((e) => e.verified);
  return { id: user.id, login: user.login, email: verified?.email ?? null };
}
