import type { Hono } from 'hono';
import { expect } from 'vitest';
import type { FakeGitHub, FakeUser } from './fake-github.js';

// A browser's side of GitHub sign-in against control's app and the local GitHub: Aether →
// GitHub → Aether, redirects followed by hand, cookies carried as a browser carries them.

export interface Session {
  cookie?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, any> | null;
}

export async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text === '' ? null : (JSON.parse(text) as Record<string, any>) };
}

export function gitHubSignIn(app: Hono, github: FakeGitHub, origin: string) {
  /** As far as GitHub's redirect back: the state cookie Aether set, and where GitHub sends the browser. */
  async function startSignIn(user: FakeUser, start = '/auth/github', session: Session = {}) {
    github.approveAs(user.login);
    const started = await app.request(`${origin}/api${start}`, { headers: { ...(session.cookie !== undefined && { cookie: session.cookie }) } });
    expect(started.status, await started.clone().text()).toBe(302);
    const stateCookie = started.headers.get('set-cookie')!;
    const atGitHub = await fetch(started.headers.get('location')!, { redirect: 'manual' });
    expect(atGitHub.status).toBe(302);
    return { stateCookie, callback: new URL(atGitHub.headers.get('location')!) };
  }

  /** GitHub's redirect back to Aether, as the browser that holds `stateCookie` (and `session`, if any) follows it. */
  async function comeBack(callback: URL, stateCookie: string, session: Session = {}) {
    const cookie = [stateCookie.split(';')[0]!, ...(session.cookie !== undefined ? [session.cookie] : [])].join('; ');
    return answer(await app.request(callback.href, { headers: { cookie } }));
  }

  async function signInWithGitHub(user: FakeUser, invite?: string): Promise<Session> {
    const { stateCookie, callback } = await startSignIn(user, invite === undefined ? '/auth/github' : `/auth/github?invite=${invite}`);
    const back = await comeBack(callback, stateCookie);
    expect(back.status, JSON.stringify(back.json)).toBe(302);
    expect(back.headers.get('location')).toBe('/');
    const session = back.headers.getSetCookie().find((c) => c.startsWith('aether_session='));
    return { cookie: session!.split(';')[0]! };
  }

  return { startSignIn, comeBack, signInWithGitHub };
}
