import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { seal } from '../../../contract/sealed.js';
import { type FakeGitHub, type FakeUser, startFakeGitHub } from '../../../test/support/fake-github.js';
import { deniedHookAccess, GitHubError, gitHubApi } from './github-api.js';
import { fetchIdentity } from './identity.js';
import { exchangeCode, SignInRefused, startSignIn } from './oauth.js';
import { type PushHook, removePushHook } from './remove-push-hook.js';
import { findRepository, listRepositories } from './repositories.js';

// Aether's GitHub client against the local GitHub the tests use (a real HTTP server, answering
// as github.com does): what it sends, and what it makes of each answer.

let github: FakeGitHub;
let ada: FakeUser;
const key = randomBytes(32);
const config = () => ({ url: github.url, apiUrl: github.apiUrl, clientId: github.clientId, clientSecret: github.clientSecret, publicUrl: 'https://aether.example.com' });

beforeAll(async () => {
  github = await startFakeGitHub();
  ada = github.addUser({ login: 'ada' });
  github.addRepository({ owner: 'ada', name: 'blog', updatedAt: '2026-12-01T00:00:00Z' });
  github.addRepository({ owner: 'ada', name: 'shop', private: true, updatedAt: '2026-12-03T00:00:00Z' });
  github.addRepository({ owner: 'ada', name: 'blog-theme', updatedAt: '2026-12-02T00:00:00Z' });
});

afterAll(() => github.close());

describe('the GitHub API client', () => {
  it('reads an answer through its schema, with the next page GitHub links', async () => {
    const reply = await gitHubApi(github.apiUrl, ada.token).get(z.array(z.object({ name: z.string() })), '/user/repos', { per_page: '1' });
    // GitHub's own order, by name: the query asked for none.
    expect(reply.body).toEqual([{ name: 'blog' }]);
    expect(reply.link).toMatch(/page=2.*rel="next"/);
  });

  it('says what GitHub answered when it says no, and never the token', async () => {
    const refused = await gitHubApi(github.apiUrl, 'gho_not-a-token').get(z.unknown(), '/user').catch((error: unknown) => error);
    expect(refused).toEqual(new GitHubError(401, 'GitHub answered 401: Bad credentials'));
    expect(String((refused as Error).message)).not.toContain('gho_');
  });

  it('lists the details GitHub gives with a refusal', async () => {
    const api = gitHubApi(github.apiUrl, ada.token);
    const hook = { name: 'web', active: true, events: ['push'], config: { url: 'https://aether.example.com/hook', content_type: 'json', secret: 's' } };
    await api.post(z.unknown(), '/repos/ada/blog/hooks', hook);
    await expect(api.post(z.unknown(), '/repos/ada/blog/hooks', hook)).rejects.toThrow(new GitHubError(422, 'GitHub answered 422: Validation Failed; Hook already exists on this repository'));
  });

  it('refuses an answer its schema does not describe, and says when GitHub cannot be reached', async () => {
    await expect(gitHubApi(github.apiUrl, ada.token).get(z.object({ nope: z.string() }), '/user')).rejects.toThrow("GitHub's answer to GET /user was not what its API documents");
    await expect(gitHubApi('http://127.0.0.1:1', ada.token).get(z.unknown(), '/user')).rejects.toEqual(new GitHubError(null, 'GitHub could not be reached; try again'));
  });
});

describe('a refusal GitHub words its own way', () => {
  /** A server answering every request with `status` and `body`, as GitHub or a proxy before it might. */
  async function answering(status: number, body: string, run: (apiUrl: string) => Promise<void>) {
    const server = createServer((_, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(body)).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      server.close();
    }
  }

  it('says no reason was given when the answer has no message, such as a proxy’s error page', async () => {
    await answering(502, '<html>Bad Gateway</html>', async (apiUrl) => {
      await expect(gitHubApi(apiUrl, 'token').get(z.unknown(), '/user')).rejects.toEqual(new GitHubError(502, 'GitHub answered 502: no reason given'));
    });
    await answering(500, JSON.stringify({ message: { nested: true } }), async (apiUrl) => {
      await expect(gitHubApi(apiUrl, 'token').get(z.unknown(), '/user')).rejects.toEqual(new GitHubError(500, 'GitHub answered 500: no reason given'));
    });
  });

  it('lists only the details that carry a message', async () => {
    await answering(422, JSON.stringify({ message: 'Validation Failed', errors: [{ code: 'missing_field' }, null, { message: 'name is too long' }] }), async (apiUrl) => {
      await expect(gitHubApi(apiUrl, 'token').post(z.unknown(), '/user/repos', {})).rejects.toEqual(new GitHubError(422, 'GitHub answered 422: Validation Failed; name is too long'));
    });
  });

  it('takes 403 and 404 to a hook for want of admin rights on the repository, and nothing else', () => {
    expect([403, 404, 401, 422, 500, null].map((status) => deniedHookAccess(new GitHubError(status, 'no')))).toEqual([true, true, false, false, false, false]);
  });
});

describe('repositories', () => {
  it('lists what the user can reach, most recently updated first, a page at a time', async () => {
    const api = gitHubApi(github.apiUrl, ada.token);
    const first = await listRepositories(api, 'ada', { page: 1, perPage: 2 });
    expect(first).toMatchObject({ page: 1, perPage: 2, nextPage: 2 });
    expect(first.repositories.map((r) => [r.fullName, r.private])).toEqual([['ada/shop', true], ['ada/blog-theme', false]]);
    expect(first.repositories[0]).toEqual({ name: 'shop', fullName: 'ada/shop', private: true, defaultBranch: 'main', cloneUrl: 'https://github.com/ada/shop.git', updatedAt: '2026-12-03T00:00:00Z' });
    expect(await listRepositories(api, 'ada', { page: 2, perPage: 2 })).toMatchObject({ nextPage: null, repositories: [{ fullName: 'ada/blog' }] });
  });

  it('searches the user’s own repositories by name', async () => {
    const found = await listRepositories(gitHubApi(github.apiUrl, ada.token), 'ada', { search: 'blog', page: 1, perPage: 30 });
    expect(found.repositories.map((r) => r.fullName)).toEqual(['ada/blog-theme', 'ada/blog']);
  });

  it('finds one repository by owner/name, and null for one the user cannot see', async () => {
    const api = gitHubApi(github.apiUrl, ada.token);
    expect(await findRepository(api, 'ada/blog')).toMatchObject({ fullName: 'ada/blog', defaultBranch: 'main' });
    expect(await findRepository(api, 'ada/nothing')).toBeNull();
    await expect(findRepository(gitHubApi(github.apiUrl, 'bad'), 'ada/blog')).rejects.toBeInstanceOf(GitHubError);
  });
});

describe('who signed in', () => {
  it('takes the profile’s public email, else the primary verified one, else a verified one, else none', async () => {
    const identityOf = (user: FakeUser) => fetchIdentity(gitHubApi(github.apiUrl, user.token));
    const open = github.addUser({ login: 'open', email: 'open@example.com' });
    const hidden = github.addUser({ login: 'hidden', email: null, emails: [{ email: 'old@example.com', primary: false, verified: true }, { email: 'main@example.com', primary: true, verified: true }] });
    const secondary = github.addUser({ login: 'secondary', email: null, emails: [{ email: 'x@example.com', primary: true, verified: false }, { email: 'y@example.com', primary: false, verified: true }] });
    const none = github.addUser({ login: 'none', email: null, emails: [{ email: 'z@example.com', primary: true, verified: false }] });
    const blank = github.addUser({ login: 'blank', email: '', emails: [{ email: 'blank@example.com', primary: true, verified: true }] });
    expect(await identityOf(open)).toEqual({ id: open.id, login: 'open', email: 'open@example.com' });
    expect((await identityOf(hidden)).email).toBe('main@example.com');
    expect((await identityOf(secondary)).email).toBe('y@example.com');
    expect((await identityOf(none)).email).toBeNull();
    expect((await identityOf(blank)).email).toBe('blank@example.com');
  });
});

describe('removing a deleted project’s push hook', () => {
  const hookOn = async (repository: string) => {
    const created = await gitHubApi(github.apiUrl, ada.token).post(z.object({ id: z.number() }), `/repos/${repository}/hooks`, {
      name: 'web',
      active: true,
      events: ['push'],
      config: { url: `https://aether.example.com/${randomBytes(4).toString('hex')}`, content_type: 'json', secret: 's' },
    });
    return { id: created.id, repository: `https://github.com/${repository}.git`, ownerTokenSealed: seal(key, ada.token) };
  };

  it('removes it with the owner’s token', async () => {
    const hook = await hookOn('ada/shop');
    expect(await removePushHook(config(), key, hook)).toEqual({ removed: true });
    expect(github.hooks.map((h) => h.id)).not.toContain(hook.id);
  });

  it('leaves it, telling the user what to remove and why, when it cannot', async () => {
    const hook = await hookOn('ada/blog-theme');
    const why = async (h: PushHook, withGitHub = true) => {
      const removal = await removePushHook(withGitHub ? config() : undefined, key, h);
      expect(removal.removed).toBe(false);
      return (removal as { reason: string }).reason;
    };
    expect(await why(hook, false)).toBe(
      `the push webhook was not removed from GitHub (GitHub is not set up on this install); remove webhook ${hook.id} in the settings of ${hook.repository} on GitHub yourself`,
    );
    expect(await why({ ...hook, ownerTokenSealed: null })).toMatch(/no GitHub token Aether can use/);
    expect(await why({ ...hook, ownerTokenSealed: seal(randomBytes(32), ada.token) })).toMatch(/no GitHub token Aether can use/);
    expect(await why({ ...hook, repository: 'https://github.com/ada' })).toMatch(/names no GitHub repository/);
    github.refuseHooksWith = 403;
    expect(await why(hook)).toMatch(/GitHub answered 403: Must have admin rights to Repository\.: removing it needs admin rights on the repository/);
    github.refuseHooksWith = 404;
    expect(await why(hook)).toMatch(/GitHub answered 404: Not Found: removing it needs admin rights/);
    github.refuseHooksWith = undefined;
    expect(github.hooks.map((h) => h.id)).toContain(hook.id);
  });
});

describe('the sign-in code', () => {
  /** What GitHub sends the browser back with, once the user approves: the code, and the verifier this server kept. */
  async function approved(login: string) {
    const { pending, url } = startSignIn(config(), { kind: 'sign-in' });
    github.approveAs(login);
    const back = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location')!);
    expect(back.searchParams.get('state')).toBe(pending.state);
    return { code: back.searchParams.get('code')!, verifier: pending.verifier };
  }

  it('is exchanged for the user’s token, once, with the verifier of the browser that asked', async () => {
    const { code, verifier } = await approved('ada');
    expect(await exchangeCode(config(), code, verifier)).toBe(ada.token);
    await expect(exchangeCode(config(), code, verifier)).rejects.toEqual(new SignInRefused(400, 'the sign-in code expired or was used already; sign in again', 'code'));
  });

  it('is worth nothing to whoever took it without the verifier', async () => {
    const { code } = await approved('ada');
    await expect(exchangeCode(config(), code, 'a-verifier-of-their-own-making-that-is-long-enough')).rejects.toBeInstanceOf(SignInRefused);
  });

  it('blames the OAuth app’s settings when GitHub refuses the app, and says so when GitHub cannot be reached', async () => {
    const { code, verifier } = await approved('ada');
    await expect(exchangeCode({ ...config(), clientSecret: 'wrong' }, code, verifier)).rejects.toEqual(
      new GitHubError(400, "GitHub refused the sign-in (incorrect_client_credentials); check the OAuth app's client ID, secret and callback URL"),
    );
    await expect(exchangeCode({ ...config(), url: 'http://127.0.0.1:1' }, code, verifier)).rejects.toEqual(new GitHubError(null, 'GitHub did not exchange the sign-in code; try again'));
  });
});
