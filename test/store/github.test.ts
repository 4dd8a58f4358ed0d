import { createHmac, randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { credentialsSchema } from '../../contract/build-job.js';
import { buildJobKey, open } from '../../contract/sealed.js';
import { dashboardSite } from '../../control/src/api/dashboard-site.js';
import { controlApp } from '../../control/src/control-app.js';
import { deployments, projectWebhooks, users, webhookDeliveries } from '../../control/src/db/schema.js';
import { type FakeUser, startFakeGitHub } from '../support/fake-github.js';
import { answer, gitHubSignIn, type Session } from '../support/github-sign-in.js';
import { ORIGIN, type StoreApp, someNetwork, useStoreApp } from '../support/store-app.js';

// GitHub sign-in, repository import and the push webhook, against a local GitHub on a real
// socket and Postgres and Redis of the file's own. Builds go to a queue no worker reads, so a
// queued build waits there to be inspected. Each test makes the users, repositories and
// projects it acts on; the admin, made first, is the one thing they share.

let store: StoreApp;
// Before the store app, which needs its address; closed after the file.
const github = await startFakeGitHub();
let signIn: ReturnType<typeof gitHubSignIn>;
let octocat: FakeUser;
let admin: Session;

const call = (method: string, path: string, who: Session = {}, body?: unknown) => store.call(method, path, who, body);

async function deploymentCount(): Promise<number> {
  const [row] = await store.test.db.select({ count: sql<number>`count(*)::int` }).from(deployments);
  return row!.count;
}

/** Sign-up is one setting for the whole install: each test that cares sets it. */
async function setSignUpOpen(open: boolean): Promise<void> {
  expect((await call('PUT', '/admin/sign-up', admin, { open })).status).toBe(200);
}

async function signUpWithPassword(email: string): Promise<Session & { id: string }> {
  const signup = await store.call('POST', '/auth/signup', {}, { email, password: 'a long enough password' }, someNetwork());
  expect(signup.status, JSON.stringify(signup.json)).toBe(200);
  return { cookie: signup.headers.get('set-cookie')!.split(';')[0]!, id: signup.json!.id as string };
}

afterAll(async () => {
  await github.close();
});

useStoreApp(
  async (started) => {
    store = started;
    signIn = gitHubSignIn(store.app, github, ORIGIN);
    octocat = github.addUser({ login: 'octocat' });
    admin = await signIn.signInWithGitHub(octocat);
  },
  {
    allowLocalSources: false,
    github: { url: github.url, apiUrl: github.apiUrl, clientId: github.clientId, clientSecret: github.clientSecret, publicUrl: ORIGIN },
  },
);

beforeEach(() => {
  signIn = gitHubSignIn(store.app, github, ORIGIN);
});

describe('sign-in with GitHub', () => {
  it('creates the first account as admin through the OAuth round trip, and starts a session', async () => {
    const me = await call('GET', '/me', admin);
    expect(me.json).toMatchObject({ email: 'octocat@example.com', githubLogin: 'octocat', isAdmin: true, hasPassword: false });
    expect(JSON.stringify(me.json)).not.toContain(octocat.token);

    const { stateCookie } = await signIn.startSignIn(octocat);
    expect(stateCookie).toMatch(/HttpOnly/);
    expect(stateCookie).toMatch(/SameSite=Lax/);
    // Path=/ as __Host- requires it (over HTTPS), and it lives ten minutes at most.
    expect(stateCookie).toMatch(/Path=\/;/);
    expect(stateCookie).toMatch(/Max-Age=600/);
    expect(github.lastAuthorization!.get('redirect_uri')).toBe(`${ORIGIN}/api/auth/github/callback`);
    expect(github.lastAuthorization!.get('scope')!.split(' ').sort()).toEqual(['admin:repo_hook', 'read:user', 'repo', 'user:email']);
  });

  it('keeps a stranger signing in with GitHub out until the admin invites them, once', async () => {
    await setSignUpOpen(false);
    const stranger = github.addUser({ login: 'stranger' });
    const { stateCookie, callback } = await signIn.startSignIn(stranger);
    const refused = await signIn.comeBack(callback, stateCookie);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { field: 'invite' } });
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('aether_session='))).toBe(false);
    expect(await store.test.db.$count(users, eq(users.githubLogin, 'stranger'))).toBe(0);

    const invite = await call('POST', '/admin/invites', admin, { email: 'stranger@example.com' });
    expect(invite.status).toBe(201);
    expect((await call('GET', '/me', await signIn.signInWithGitHub(stranger, invite.json!.token))).json).toMatchObject({ githubLogin: 'stranger', isAdmin: false });

    const another = github.addUser({ login: 'another', email: 'stranger-too@example.com' });
    const again = await signIn.startSignIn(another, `/auth/github?invite=${invite.json!.token}`);
    expect((await signIn.comeBack(again.callback, again.stateCookie)).json).toMatchObject({ error: { field: 'invite', message: expect.stringMatching(/used/) } });
  });

  it('lets anyone in once the admin opens sign-up', async () => {
    await setSignUpOpen(false);
    expect((await call('PUT', '/admin/sign-up', admin, { open: true })).json).toEqual({ signUp: 'open', open: true });
    const newcomer = github.addUser({ login: 'newcomer' });
    expect((await call('GET', '/me', await signIn.signInWithGitHub(newcomer))).json).toMatchObject({ githubLogin: 'newcomer', isAdmin: false });
  });

  it('never signs a GitHub user in to a password account made with their email, nor gives it their token', async () => {
    await setSignUpOpen(true);
    const email = 'victim@example.com';
    const attacker = await signUpWithPassword(email);
    const victim = github.addUser({ login: 'victim', email });

    const session = await signIn.signInWithGitHub(victim);
    const me = (await call('GET', '/me', session)).json!;
    expect(me).toMatchObject({ email, githubLogin: 'victim', hasPassword: false });
    expect(me.id).not.toBe(attacker.id);
    const [squatter] = await store.test.db.select().from(users).where(eq(users.id, attacker.id));
    expect(squatter).toMatchObject({ githubId: null, githubLogin: null, githubTokenSealed: null });
    expect((await call('GET', '/github/repositories', attacker)).status).toBe(409);
    // And the victim comes back to their own account.
    expect((await call('GET', '/me', await signIn.signInWithGitHub(victim))).json!.id).toBe(me.id);
  });

  it('links GitHub to a password account only from its own session, and signs in to it after', async () => {
    await setSignUpOpen(true);
    const mona = github.addUser({
      login: 'mona',
      email: null,
      emails: [
        { email: 'unverified-mona@example.com', primary: false, verified: false },
        { email: 'Mona@example.com', primary: true, verified: true },
      ],
    });
    const account = await signUpWithPassword('mona@example.com');

    // A connection started by one session and finished without it links nothing.
    const stray = await signIn.startSignIn(mona, '/github/connect', account);
    expect((await signIn.comeBack(stray.callback, stray.stateCookie)).json).toMatchObject({ error: { field: 'state' } });
    expect((await call('GET', '/me', account)).json).toMatchObject({ githubLogin: null });

    const { stateCookie, callback } = await signIn.startSignIn(mona, '/github/connect', account);
    expect((await signIn.comeBack(callback, stateCookie, account)).status).toBe(302);
    expect((await call('GET', '/me', account)).json).toMatchObject({ id: account.id, githubLogin: 'mona', hasPassword: true });
    expect((await call('GET', '/me', await signIn.signInWithGitHub(mona))).json!.id).toBe(account.id);
    expect((await call('GET', '/github/connect')).status).toBe(401);
  });

  it('moves the link from the empty account a GitHub sign-in made when its owner connects from their password account', async () => {
    await setSignUpOpen(true);
    const hubot = github.addUser({ login: 'hubot', email: 'hubot@example.com' });
    const account = await signUpWithPassword('hubot@example.com');
    const mistaken = (await call('GET', '/me', await signIn.signInWithGitHub(hubot))).json!.id as string;
    expect(mistaken).not.toBe(account.id);

    const { stateCookie, callback } = await signIn.startSignIn(hubot, '/github/connect', account);
    expect((await signIn.comeBack(callback, stateCookie, account)).status).toBe(302);
    expect((await call('GET', '/me', await signIn.signInWithGitHub(hubot))).json!.id).toBe(account.id);
    expect(await store.test.db.$count(users, eq(users.id, mistaken))).toBe(0);
  });

  it('refuses a code stolen from another browser’s sign-in, which only that browser’s PKCE verifier redeems', async () => {
    const target = github.addUser({ login: 'target' });
    const stolen = (await signIn.startSignIn(target)).callback.searchParams.get('code')!;
    const thief = await signIn.startSignIn(github.addUser({ login: 'thief' }));
    thief.callback.searchParams.set('code', stolen);
    const refused = await signIn.comeBack(thief.callback, thief.stateCookie);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { field: 'code' } });
    expect(refused.headers.getSetCookie().some((c) => c.startsWith('aether_session='))).toBe(false);
    expect(await store.test.db.$count(users, eq(users.githubLogin, 'target'))).toBe(0);
    expect(github.lastAuthorization!.get('code_challenge_method')).toBe('S256');
  });

  it('keeps the token sealed at rest', async () => {
    const [row] = await store.test.db.select().from(users).where(eq(users.githubLogin, 'octocat'));
    expect(row!.githubTokenSealed).not.toContain(octocat.token);
    expect(row!.githubTokenSealed).not.toContain(Buffer.from(octocat.token).toString('base64'));
    expect(open(store.platform.secretKey, row!.githubTokenSealed!)).toBe(octocat.token);
  });

  it('refuses a callback whose state is not the one this browser was given, and creates nothing', async () => {
    const intruder = github.addUser({ login: 'intruder' });
    const { stateCookie, callback } = await signIn.startSignIn(intruder);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'state-of-another-browser');
    for (const attempt of [
      store.app.request(forged.href, { headers: { cookie: stateCookie.split(';')[0]! } }),
      store.app.request(callback.href),
      store.app.request(`${callback.origin}${callback.pathname}?code=${callback.searchParams.get('code')}`, { headers: { cookie: stateCookie.split(';')[0]! } }),
    ]) {
      const refused = await answer(await attempt);
      expect(refused.status).toBe(400);
      expect(refused.json).toMatchObject({ error: { field: 'state' } });
      expect(refused.headers.getSetCookie().some((c) => c.startsWith('aether_session='))).toBe(false);
    }
    expect(await store.test.db.$count(users, eq(users.githubLogin, 'intruder'))).toBe(0);
  });

  it('refuses a code GitHub does not take', async () => {
    const { stateCookie, callback } = await signIn.startSignIn(octocat);
    callback.searchParams.set('code', 'expired');
    const refused = await answer(await store.app.request(callback.href, { headers: { cookie: stateCookie.split(';')[0]! } }));
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ error: { field: 'code' } });
  });

  it('answers 404 with what to set when GitHub is not configured', async () => {
    const { app: bare } = controlApp({ ...store.parts, github: undefined });
    const reply = await answer(await bare.request(`${ORIGIN}/api/auth/github`));
    expect(reply.status).toBe(404);
    expect(reply.json!.error.message).toContain('AETHER_GITHUB_CLIENT_ID');
  });
});

describe('repositories', () => {
  let session: Session;

  beforeAll(async () => {
    await setSignUpOpen(true);
    const owner = github.addUser({ login: 'lister' });
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes)).toISOString();
    github.addRepository({ owner: 'lister', name: 'alpha-site', updatedAt: at(5) });
    github.addRepository({ owner: 'lister', name: 'beta-api', updatedAt: at(4), private: true });
    github.addRepository({ owner: 'lister', name: 'gamma-site', updatedAt: at(3), defaultBranch: 'trunk' });
    github.addRepository({ owner: 'lister', name: 'delta', updatedAt: at(2) });
    github.addRepository({ owner: 'lister', name: 'epsilon', updatedAt: at(1) });
    github.addRepository({ owner: 'someone-else', name: 'secret-site', private: true });
    session = await signIn.signInWithGitHub(owner);
  });

  it('lists the user’s repositories, newest first, page by page', async () => {
    const first = await call('GET', '/github/repositories?perPage=2', session);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ page: 1, perPage: 2, nextPage: 2 });
    expect(first.json!.repositories).toEqual([
      { name: 'alpha-site', fullName: 'lister/alpha-site', private: false, defaultBranch: 'main', cloneUrl: 'https://github.com/lister/alpha-site.git', updatedAt: expect.any(String) },
      expect.objectContaining({ name: 'beta-api', private: true }),
    ]);
    const last = await call('GET', '/github/repositories?perPage=2&page=3', session);
    expect(last.json!.repositories.map((r: { name: string }) => r.name)).toEqual(['epsilon']);
    expect(last.json!.nextPage).toBeNull();
  });

  it('searches the names of the repositories the user owns, private ones included', async () => {
    const found = await call('GET', '/github/repositories?search=site&perPage=1', session);
    expect(found.json!.repositories.map((r: { name: string }) => r.name)).toEqual(['alpha-site']);
    expect(found.json!.nextPage).toBe(2);
    const next = await call('GET', '/github/repositories?search=site&perPage=1&page=2', session);
    expect(next.json).toMatchObject({ repositories: [{ name: 'gamma-site', defaultBranch: 'trunk' }], nextPage: null });
    expect((await call('GET', '/github/repositories?search=api', session)).json!.repositories).toEqual([expect.objectContaining({ name: 'beta-api', private: true })]);
  });

  it('refuses bad paging naming the field', async () => {
    for (const [query, field] of [
      ['perPage=500', 'perPage'],
      ['page=0', 'page'],
      ['page=two', 'page'],
    ] as const) {
      const refused = await call('GET', `/github/repositories?${query}`, session);
      expect(refused.status, query).toBe(400);
      expect(refused.json!.error.field, query).toBe(field);
    }
  });

  it('asks a user without GitHub to connect it, and a stranger to sign in', async () => {
    await setSignUpOpen(true);
    const plain = await signUpWithPassword('plain@example.com');
    const refused = await call('GET', '/github/repositories', plain);
    expect(refused.status).toBe(409);
    expect(refused.json!.error.message).toContain('/api/github/connect');
    expect((await call('GET', '/github/repositories')).status).toBe(401);
  });
});

describe('import and push webhook', () => {
  let owner: FakeUser;
  let session: Session;
  /** Commit `n` of a branch's history in these tests. */
  const sha = (n: string) => n.padEnd(40, 'e');

  interface Imported {
    project: { id: string; slug: string; branch: string };
    deploymentId: string;
    repository: string;
    secret: string;
  }

  /** A repository of the owner's on GitHub, imported with its push hook: a project of the test's own. */
  async function imported(name: string): Promise<Imported> {
    github.addRepository({ owner: 'importer', name, defaultBranch: 'trunk', private: true });
    const reply = await call('POST', '/github/import', session, { repository: `importer/${name}` });
    expect(reply.status, JSON.stringify(reply.json)).toBe(201);
    const hook = github.hooks.find((h) => h.repository === `importer/${name}`)!;
    return { project: reply.json!.project, deploymentId: reply.json!.deployment.id, repository: name, secret: hook.config.secret };
  }

  function push(repository: string, fields: Record<string, unknown> = {}) {
    return {
      ref: 'refs/heads/trunk',
      before: '0'.repeat(40),
      after: sha('0'),
      deleted: false,
      repository: { full_name: `importer/${repository}`, clone_url: `https://github.com/importer/${repository}.git`, html_url: `https://github.com/importer/${repository}` },
      ...fields,
    };
  }

  async function deliver(event: string, payload: unknown, options: { secret: string; delivery?: string; signature?: string | null }) {
    const body = JSON.stringify(payload);
    const signature = options.signature === undefined ? `sha256=${createHmac('sha256', options.secret).update(body).digest('hex')}` : options.signature;
    return answer(
      await store.app.request(`${ORIGIN}/api/webhooks/github`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': event,
          'x-github-delivery': options.delivery ?? randomUUID(),
          ...(signature !== null && { 'x-hub-signature-256': signature }),
        },
        body,
      }),
    );
  }

  beforeAll(async () => {
    await setSignUpOpen(true);
    owner = github.addUser({ login: 'importer' });
    session = await signIn.signInWithGitHub(owner);
  });

  it('creates the project from the repository, queues its first build and registers the push hook', async () => {
    github.addRepository({ owner: 'importer', name: 'My_Site.io', defaultBranch: 'trunk', private: true });
    const reply = await call('POST', '/github/import', session, { repository: 'importer/My_Site.io', settings: { port: 8080 } });
    expect(reply.status, JSON.stringify(reply.json)).toBe(201);
    expect(reply.json!.project).toMatchObject({
      slug: 'my-site-io',
      repository: 'https://github.com/importer/My_Site.io.git',
      branch: 'trunk',
      autoDeploy: true,
      settings: { port: 8080 },
    });
    expect(reply.json!.deployment).toMatchObject({ status: 'queued', trigger: 'manual' });
    const project = reply.json!.project;

    const hook = github.hooks.find((h) => h.repository === 'importer/My_Site.io');
    expect(reply.json!.webhook).toEqual({ registered: true, id: hook!.id });
    expect(hook).toMatchObject({ events: ['push'], active: true, config: { url: `${ORIGIN}/api/webhooks/github`, content_type: 'json' } });
    const [stored] = await store.test.db.select().from(projectWebhooks).where(eq(projectWebhooks.projectId, project.id));
    expect(stored!.githubHookId).toBe(hook!.id);
    expect(stored!.secretSealed).not.toContain(hook!.config.secret);
    expect(open(store.platform.secretKey, stored!.secretSealed)).toBe(hook!.config.secret);
    expect(JSON.stringify(reply.json)).not.toContain(hook!.config.secret);
    expect(JSON.stringify(reply.json)).not.toContain(owner.token);

    const job = await store.queue.getJob(reply.json!.deployment.id);
    expect(job!.data).toMatchObject({ projectId: project.id, repository: 'https://github.com/importer/My_Site.io.git', revision: { kind: 'branch', branch: 'trunk' } });
    expect(credentialsSchema.parse(JSON.parse(open(buildJobKey(store.platform.secretKey), job!.data.credentials))).token).toBe(owner.token);
  });

  it('still imports when GitHub refuses the hook, and says why', async () => {
    github.addRepository({ owner: 'importer', name: 'locked' });
    github.refuseHooksWith = 403;
    try {
      const reply = await call('POST', '/github/import', session, { repository: 'importer/locked', slug: 'locked-site', autoDeploy: false });
      expect(reply.status).toBe(201);
      expect(reply.json!.project).toMatchObject({ slug: 'locked-site', autoDeploy: false, branch: 'main' });
      expect(reply.json!.deployment).toMatchObject({ status: 'queued' });
      expect(reply.json!.webhook).toEqual({ registered: false, reason: expect.stringContaining('admin rights') });
      const [stored] = await store.test.db.select().from(projectWebhooks).where(eq(projectWebhooks.projectId, reply.json!.project.id));
      expect(stored!.githubHookId).toBeNull();
    } finally {
      github.refuseHooksWith = undefined;
    }
  });

  it('refuses what it cannot import, naming the field, and writes nothing', async () => {
    const taken = await imported('taken-site');
    const before = { projects: await store.test.db.$count(projectWebhooks), hooks: github.hooks.length };
    for (const [body, status, field] of [
      [{ repository: 'importer/missing' }, 404, 'repository'],
      [{ repository: 'importer/../etc' }, 400, 'repository'],
      [{ repository: 'not-a-name' }, 400, 'repository'],
      [{ repository: `importer/${taken.repository}` }, 409, 'slug'],
      [{ repository: `importer/${taken.repository}`, slug: 'Bad Slug' }, 400, 'slug'],
      [{ repository: `importer/${taken.repository}`, slug: 'other-site', branch: '--upload-pack=x' }, 400, 'branch'],
    ] as const) {
      const refused = await call('POST', '/github/import', session, body);
      expect(refused.status, JSON.stringify(body)).toBe(status);
      expect(refused.json!.error.field, JSON.stringify(body)).toBe(field);
    }
    expect({ projects: await store.test.db.$count(projectWebhooks), hooks: github.hooks.length }).toEqual(before);
  });

  it('answers a ping, and deploys nothing on it', async () => {
    const { repository, secret } = await imported('pinged');
    const before = await deploymentCount();
    const pong = await deliver('ping', { zen: 'Keep it logically awesome.', hook_id: 1, repository: push(repository).repository }, { secret });
    expect(pong).toMatchObject({ status: 200, json: { outcome: 'pong: the webhook reaches Aether' } });
    expect(await deploymentCount()).toBe(before);
  });

  it('queues a webhook deployment at the pushed commit, cloning with the owner’s token', async () => {
    const { project, repository, secret } = await imported('pushed');
    const before = await deploymentCount();
    const accepted = await deliver('push', push(repository, { after: sha('1') }), { secret });
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(202);
    expect(accepted.json).toMatchObject({ outcome: `deploying ${sha('1')}`, deployment: { projectId: project.id, trigger: 'webhook', status: 'queued' } });
    expect(await deploymentCount()).toBe(before + 1);
    const job = await store.queue.getJob(accepted.json!.deployment.id);
    expect(job!.data.revision).toEqual({ kind: 'commit', sha: sha('1') });
    expect(credentialsSchema.parse(JSON.parse(open(buildJobKey(store.platform.secretKey), job!.data.credentials))).token).toBe(owner.token);
    const [delivery] = await store.test.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.deploymentId, accepted.json!.deployment.id));
    expect(delivery).toMatchObject({ event: 'push', projectId: project.id, ref: 'refs/heads/trunk', head: sha('1') });
  });

  it('refuses a missing or wrong signature, a replay and an unknown repository, queueing nothing', async () => {
    const { repository, secret } = await imported('guarded');
    const before = await deploymentCount();
    const wrongSecret = await deliver('push', push(repository), { secret: 'not the secret' });
    expect(wrongSecret.status).toBe(401);
    expect(wrongSecret.json!.error.field).toBe('x-hub-signature-256');
    expect((await deliver('push', push(repository), { secret, signature: null })).status).toBe(401);
    expect((await deliver('push', push(repository), { secret, signature: 'sha256=nothex' })).status).toBe(401);

    const delivery = randomUUID();
    expect((await deliver('push', push(repository, { ref: 'refs/heads/elsewhere' }), { secret, delivery })).status).toBe(200);
    const replayed = await deliver('push', push(repository), { secret, delivery });
    expect(replayed.status).toBe(409);
    expect(replayed.json!.error.field).toBe('x-github-delivery');

    expect(await deploymentCount()).toBe(before);
    expect(await store.test.db.$count(webhookDeliveries, eq(webhookDeliveries.id, delivery))).toBe(1);
  });

  it('a stranger cannot tell whether a repository is deployed here: an unknown repository answers as a wrong signature does', async () => {
    const { repository } = await imported('hidden');
    const before = { deployments: await deploymentCount(), deliveries: await store.test.db.$count(webhookDeliveries) };
    const deployedWrongSecret = await deliver('push', push(repository), { secret: 'guessed' });
    const unknown = await deliver('push', push('unknown'), { secret: 'guessed' });
    expect(unknown).toEqual(deployedWrongSecret);
    expect(unknown.status).toBe(401);
    expect({ deployments: await deploymentCount(), deliveries: await store.test.db.$count(webhookDeliveries) }).toEqual(before);
  });

  it('words each refusal for whoever must act on it: the importer, or the owner of a webhook that fails', async () => {
    const missing = await call('POST', '/github/import', session, { repository: 'importer/nowhere' });
    expect(missing.json!.error).toMatchObject({ field: 'repository', message: expect.stringMatching(/no repository importer\/nowhere/) });
    const { repository, secret } = await imported('worded');
    const wrong = await deliver('push', push(repository), { secret: 'not the secret' });
    expect(wrong.json!.error).toMatchObject({ field: 'x-hub-signature-256', message: expect.stringMatching(/matches no webhook/) });
    const delivery = randomUUID();
    expect((await deliver('issues', push(repository), { secret, delivery })).json).toEqual({ outcome: 'Aether deploys on push events, not issues' });
    const replayed = await deliver('push', push(repository), { secret, delivery });
    expect(replayed.json!.error).toMatchObject({ field: 'x-github-delivery', message: expect.stringMatching(/received before/) });
  });

  it('answers an import whose first build was queued without a word of a build that could not be', async () => {
    github.addRepository({ owner: 'importer', name: 'queued-fine' });
    const reply = await call('POST', '/github/import', session, { repository: 'importer/queued-fine' });
    expect(reply.status).toBe(201);
    expect(reply.json!.deployment).toMatchObject({ status: 'queued' });
    expect(reply.json).not.toHaveProperty('deploymentError');
  });

  it('tells the importer a hook needs admin rights when GitHub answers 404 for want of them, as it does for a private repository', async () => {
    github.addRepository({ owner: 'importer', name: 'hidden-hooks', private: true });
    github.refuseHooksWith = 404;
    try {
      const reply = await call('POST', '/github/import', session, { repository: 'importer/hidden-hooks' });
      expect(reply.json!.webhook).toEqual({ registered: false, reason: expect.stringMatching(/Not Found.*needs admin rights on the repository/) });
    } finally {
      github.refuseHooksWith = undefined;
    }
  });

  it('acts on one of two copies of a delivery arriving at once', async () => {
    const { repository, secret } = await imported('twice');
    const before = await deploymentCount();
    const delivery = randomUUID();
    const next = push(repository, { after: sha('1') });
    const answers = await Promise.all([deliver('push', next, { secret, delivery }), deliver('push', next, { secret, delivery })]);
    expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
    expect(await deploymentCount()).toBe(before + 1);
  });

  it('a push replayed under a new delivery ID does not redeploy an old commit; a force-push back to one does', async () => {
    const { repository, secret } = await imported('replayed');
    const first = push(repository, { before: sha('1'), after: sha('2') });
    const second = push(repository, { before: sha('2'), after: sha('3') });
    expect((await deliver('push', first, { secret })).status).toBe(202);
    expect((await deliver('push', second, { secret })).status).toBe(202);
    const before = await deploymentCount();

    const replayedOld = await deliver('push', first, { secret });
    expect(replayedOld).toMatchObject({ status: 200, json: { outcome: expect.stringContaining('a replayed or stale push is not acted on') } });
    const replayedLatest = await deliver('push', second, { secret });
    expect(replayedLatest).toMatchObject({ status: 200, json: { outcome: expect.stringContaining('a replayed push is not acted on') } });
    expect(await deploymentCount()).toBe(before);

    const revert = await deliver('push', push(repository, { before: sha('3'), after: sha('2'), forced: true }), { secret });
    expect(revert.status, JSON.stringify(revert.json)).toBe(202);
    expect((await store.queue.getJob(revert.json!.deployment.id))!.data.revision).toEqual({ kind: 'commit', sha: sha('2') });
  });

  it('acknowledges pushes to other branches, branch deletions and projects with auto-deploy off, queueing nothing', async () => {
    const { project, repository, secret } = await imported('quiet');
    const before = await deploymentCount();
    const otherBranch = await deliver('push', push(repository, { ref: 'refs/heads/feature' }), { secret });
    expect(otherBranch).toMatchObject({ status: 200, json: { outcome: expect.stringContaining('refs/heads/feature') } });
    const deleted = await deliver('push', push(repository, { deleted: true, after: '0'.repeat(40) }), { secret });
    expect(deleted).toMatchObject({ status: 200, json: { outcome: 'the push deleted refs/heads/trunk' } });

    expect((await call('PATCH', `/projects/${project.id}`, session, { autoDeploy: false })).json).toMatchObject({ autoDeploy: false });
    const off = await deliver('push', push(repository, { before: sha('2'), after: sha('4') }), { secret });
    expect(off).toMatchObject({ status: 200, json: { outcome: 'auto-deploy is off for this project' } });
    expect(await deploymentCount()).toBe(before);
  });
});

describe('the sign-in page', () => {
  it('is told that GitHub sign-in is offered on an install that set it up, and not on one that did not', async () => {
    expect((await call('GET', '/auth/status')).json).toMatchObject({ github: true });
    const { app: bare } = controlApp({ ...store.parts, github: undefined });
    expect((await answer(await bare.request(`${ORIGIN}/api/auth/status`))).json).toMatchObject({ github: false });
  });
});

describe('connecting a GitHub user another account signs in with', () => {
  const connect = async (who: FakeUser, account: Session) => {
    const { stateCookie, callback } = await signIn.startSignIn(who, '/github/connect', account);
    return signIn.comeBack(callback, stateCookie, account);
  };

  it('leaves the admin’s account, or one that holds a project, its GitHub user, and answers 409', async () => {
    await setSignUpOpen(true);
    const intruder = await signUpWithPassword(`not-octocat-${randomUUID()}@example.com`);
    expect((await connect(octocat, intruder)).status).toBe(409);
    expect((await call('GET', '/me', admin)).json).toMatchObject({ githubLogin: 'octocat', isAdmin: true });

    const busy = github.addUser({ login: `busy-${randomUUID().slice(0, 8)}` });
    const busyAccount = await signIn.signInWithGitHub(busy);
    expect((await call('POST', '/projects', busyAccount, { slug: `busy-${randomUUID().slice(0, 8)}`, repository: 'https://github.com/busy/app.git' })).status).toBe(201);
    const other = await signUpWithPassword(`not-busy-${randomUUID()}@example.com`);
    const refused = await connect(busy, other);
    expect(refused.status).toBe(409);
    expect(refused.json!.error.message).toMatch(/another Aether account/);
    expect((await call('GET', '/me', busyAccount)).json).toMatchObject({ githubLogin: busy.login });
  });

  it('connects again to the account it is linked to already', async () => {
    await setSignUpOpen(true);
    const lisa = github.addUser({ login: `lisa-${randomUUID().slice(0, 8)}` });
    const account = await signUpWithPassword(`lisa-${randomUUID()}@example.com`);
    expect((await connect(lisa, account)).status).toBe(302);
    expect((await connect(lisa, account)).status).toBe(302);
    expect((await call('GET', '/me', account)).json).toMatchObject({ githubLogin: lisa.login, hasPassword: true });
  });

  it('tells an account that signs in with GitHub only that it has no password to change', async () => {
    await setSignUpOpen(true);
    const account = await signIn.signInWithGitHub(github.addUser({ login: `nopass-${randomUUID().slice(0, 8)}` }));
    const refused = await call('POST', '/auth/password', account, { currentPassword: 'a long enough password', newPassword: 'another long password' });
    expect(refused.status).toBe(400);
    expect(refused.json!.error).toMatchObject({ field: 'currentPassword', message: expect.stringMatching(/no password/) });
  });
});

describe('coming back from GitHub', () => {
  it('links GitHub only to the account whose session started connecting, not to another signed in on the browser since', async () => {
    await setSignUpOpen(true);
    const sam = github.addUser({ login: `sam-${randomUUID().slice(0, 8)}` });
    const [started, other] = [await signUpWithPassword(`sam-${randomUUID()}@example.com`), await signUpWithPassword(`other-${randomUUID()}@example.com`)];
    const { stateCookie, callback } = await signIn.startSignIn(sam, '/github/connect', started);
    const refused = await signIn.comeBack(callback, stateCookie, other);
    expect(refused.status).toBe(400);
    expect(refused.json!.error).toMatchObject({ field: 'state', message: expect.stringMatching(/session that started connecting/) });
    for (const account of [started, other]) expect((await call('GET', '/me', account)).json).toMatchObject({ githubLogin: null });
  });

  it('tells the user GitHub did not approve the sign-in when they cancelled on GitHub’s page, and forgets the sign-in it started', async () => {
    const { stateCookie, callback } = await signIn.startSignIn(octocat);
    const cancelled = new URL(`${callback.origin}${callback.pathname}`);
    cancelled.searchParams.set('error', 'access_denied');
    cancelled.searchParams.set('state', callback.searchParams.get('state')!);
    const refused = await answer(await store.app.request(cancelled.href, { headers: { cookie: stateCookie.split(';')[0]! } }));
    expect(refused.status).toBe(400);
    expect(refused.json!.error).toMatchObject({ field: 'code', message: expect.stringMatching(/did not approve.*access_denied/) });
    const back = await signIn.comeBack(callback, stateCookie);
    expect(back.headers.getSetCookie().find((c) => c.startsWith('aether_github_state='))).toMatch(/^aether_github_state=; Max-Age=0; Path=\//);
  });

  it('lists every repository for a blank search, as with none', async () => {
    const login = `blank-${randomUUID().slice(0, 8)}`;
    const lister = await signIn.signInWithGitHub(github.addUser({ login }));
    github.addRepository({ owner: login, name: 'own' });
    github.addRepository({ owner: `team-${login}`, name: 'shared', collaborators: [login] });
    const names = async (query: string) => (await call('GET', `/github/repositories${query}`, lister)).json!.repositories.map((r: { fullName: string }) => r.fullName).sort();
    expect(await names('')).toEqual([`${login}/own`, `team-${login}/shared`]);
    expect(await names('?search=%20%20')).toEqual(await names(''));
  });

  it('forgets the sign-in it started under the __Host- name it was kept by, over HTTPS', async () => {
    const site = 'https://aether.localhost';
    const { app: secure } = controlApp({ ...store.parts, dashboard: dashboardSite(site) });
    const { stateCookie, callback } = await gitHubSignIn(secure, github, site).startSignIn(octocat);
    expect(stateCookie).toMatch(/^__Host-aether_github_state=/);
    const back = await secure.request(`${site}${callback.pathname}${callback.search}`, { headers: { cookie: stateCookie.split(';')[0]! } });
    expect(back.status).toBe(302);
    expect(back.headers.getSetCookie().find((c) => c.startsWith('__Host-aether_github_state='))).toMatch(/^__Host-aether_github_state=; Max-Age=0; Path=\/; Secure/);
  });
});
