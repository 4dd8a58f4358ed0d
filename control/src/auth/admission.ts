// Who may create an account: the first one is the admin, and after it only someone the admin
// let in, by opening sign-up to all or by an invite. A pure decision, so that a password
// sign-up and a GitHub one obey the very same rule.

/** What a stranger's sign-up meets: the dashboard shows it before anyone signs in. */
export type SignUpState = 'first-run' | 'open' | 'invite-only';

export function signUpState(accounts: number, open: boolean): SignUpState {
  if (accounts === 0) return 'first-run';
  return open ? 'open' : 'invite-only';
}

export interface PresentedInvite {
  id: string;
  /** Lower-cased; only this address may use it, when set. */
  email: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

export type Admission =
  | { admitted: true; isAdmin: boolean; inviteId: string | null }
  | { admitted: false; status: 400 | 403; message: string };

/**
 * Whether an account for `email` may be made. `invite` is undefined when none was presented,
 * null when the one presented is unknown.
 */
export function admit(state: SignUpState, email: string, invite: PresentedInvite | null | undefined, now: Date): Admission {
  if (state === 'first-run') return { admitted: true, isAdmin: true, inviteId: null };
  if (state === 'open') return { admitted: true, isAdmin: false, inviteId: null };
  if (invite === undefined) return { admitted: false, status: 403, message: 'sign-up is closed: ask the admin for an invite' };
  if (invite === null) return { admitted: false, status: 400, message: 'invite: no such invite' };
  if (invite.usedAt !== null) return { admitted: false, status: 400, message: 'invite: this invite was used already' };
  if (invite.expiresAt <= now) return { admitted: false, status: 400, message: 'invite: this invite has expired; ask the admin for another' };
  if (invite.email !== null && invite.email !== email.toLowerCase()) return { admitted: false, status: 400, message: 'invite: this invite is for another email address' };
  return { admitted: true, isAdmin: false, inviteId: invite.id };
}
