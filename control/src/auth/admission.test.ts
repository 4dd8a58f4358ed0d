import { describe, expect, it } from 'vitest';
import { admit, signUpState } from './admission.js';

const now = new Date('2026-03-01T12:00:00Z');
const invite = { id: 'inv-1', email: null, expiresAt: new Date('2026-03-02T00:00:00Z'), usedAt: null };

describe('who may sign up', () => {
  it('lets the first account in as the admin, with or without an invite', () => {
    expect(signUpState(0, false)).toBe('first-run');
    expect(admit('first-run', 'a@example.com', undefined, now)).toEqual({ admitted: true, isAdmin: true, inviteId: null });
  });

  it('refuses a stranger once the admin exists and sign-up is closed', () => {
    expect(signUpState(1, false)).toBe('invite-only');
    expect(admit('invite-only', 'stranger@example.com', undefined, now)).toMatchObject({ admitted: false, status: 403 });
  });

  it('lets anyone in, never as admin, while the admin keeps sign-up open', () => {
    expect(signUpState(3, true)).toBe('open');
    expect(admit('open', 'b@example.com', undefined, now)).toEqual({ admitted: true, isAdmin: false, inviteId: null });
  });

  it('lets an invited user in once, before the invite expires', () => {
    expect(admit('invite-only', 'b@example.com', invite, now)).toEqual({ admitted: true, isAdmin: false, inviteId: 'inv-1' });
    expect(admit('invite-only', 'b@example.com', { ...invite, usedAt: now }, now)).toMatchObject({ admitted: false, status: 400, message: expect.stringMatching(/used/) });
    expect(admit('invite-only', 'b@example.com', invite, invite.expiresAt)).toMatchObject({ admitted: false, status: 400, message: expect.stringMatching(/expired/) });
    expect(admit('invite-only', 'b@example.com', null, now)).toMatchObject({ admitted: false, status: 400 });
  });

  it('refuses an invite made for another address, whatever its case', () => {
    const forBob = { ...invite, email: 'bob@example.com' };
    expect(admit('invite-only', 'Bob@Example.com', forBob, now)).toMatchObject({ admitted: true });
    expect(admit('invite-only', 'mallory@example.com', forBob, now)).toMatchObject({ admitted: false, status: 400 });
  });

  it('tells the person refused what to do, naming the invite when it is the invite at fault', () => {
    const refusals = [admit('invite-only', 'x@example.com', undefined, now), admit('invite-only', 'x@example.com', null, now), admit('invite-only', 'x@example.com', { ...invite, email: 'y@example.com' }, now)];
    expect(refusals).toEqual([
      { admitted: false, status: 403, message: 'sign-up is closed: ask the admin for an invite' },
      { admitted: false, status: 400, message: 'invite: no such invite' },
      { admitted: false, status: 400, message: 'invite: this invite is for another email address' },
    ]);
  });
});
