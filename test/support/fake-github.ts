import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A local GitHub for the tests: the OAuth web flow (approving at once as the user a test names)
// and the REST endpoints Aether calls, answering as github.com does, on a real socket. Its API
// lives under /api/v3, as a GitHub Enterprise server's does, so base URLs are exercised with a path.

export interface FakeUser {
  id: number;
  login: string;
  /** The profile's public email: null when the user keeps it private. */
  email: string | null;
  emails: Array<{ email: string; primary: boolean; verified: boolean }>;
  token: string;
}

export interface FakeRepository {
  owner: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  updatedAt: string;
  /** Others who can see it besides its owner. */
  collaborators: string[];
  /** Where it clones from, when a test serves it (the stack's git server); github.com's address otherwise. */
  cloneUrl?: string;
}

export interface RecordedHook {
  id: number;
  repository: string;
  name: string;
  active: boolean;
  events: string[];
  config: { url: string; content_type: string; secret: string; insecure_ssl?: string };
}

export interface FakeGitHub {
  url: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  addUser(fields: { login: string; email?: string | null; emails?: FakeUser['emails'] }): FakeUser;
  addRepository(fields: Partial<FakeRepository> & Pick<FakeRepository, 'owner' | 'name'>): FakeRepository;
  /** The user who approves the next sign-in. */
  approveAs(login: string): void;
  /** What the last sign-in asked for. */
  lastAuthorization: URLSearchParams | undefined;
  hooks: RecordedHook[];
  /** When set, creating or deleting a hook answers this status, as GitHub does for a user who is not the repository's admin. */
  refuseHooksWith: 403 | 404 | undefined;
  close(): Promise<void>;
}

interface Exchange {
  code: string;
  login: string;
  redirectUri: string | null;
  /** PKCE: the S256 challenge the sign-in was started with, which the exchange's verifier must hash to. */
  challenge: string | null;
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const users = new Map<string, FakeUser>();
  const repositories: FakeRepository[] = [];
  const codes = new Map<string, Exchange>();
  let approving: string | undefined;
  let nextId = 1000;

  const fake: FakeGitHub = {
    url: '',
    apiUrl: '',
    clientId: `Iv1.${randomBytes(8).toString('hex')}`,
    clientSecret: randomBytes(20).toString('hex'),
    addUser({ login, email = `${login}@example.com`, emails }) {
      const user = { id: nextId++, login, email, emails: emails ?? (email === null ? [] : [{ email, primary: true, verified: true }]), token: `gho_${randomBytes(18).toString('base64url')}` };
      users.set(login, user);
      return user;
    },
    addRepository(fields) {
      const repository = { private: false, defaultBranch: 'main', updatedAt: new Date().toISOString(), collaborators: [], ...fields };
      repositories.push(repository);
      return repository;
    },
    approveAs(login) {
      approving = login;
    },
    lastAuthorization: undefined,
    hooks: [],
    refuseHooksWith: undefined,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  function visibleTo(login: string) {
    return repositories.filter((r) => r.owner === login || r.collaborators.includes(login));
  }

  /** In the order asked (`sort=updated`: most recently updated first), else by name, as GitHub lists a user's repositories by default. */
  function sorted(found: FakeRepository[], url: URL): FakeRepository[] {
    const byName = (a: FakeRepository, b: FakeRepository) => `${a.owner}/${a.name}`.localeCompare(`${b.owner}/${b.name}`);
    return [...found].sort(url.searchParams.get('sort') === 'updated' ? (a, b) => b.updatedAt.localeCompare(a.updatedAt) : byName);
  }

  function toJson(r: FakeRepository) {
    const fullName = `${r.owner}/${r.name}`;
    return {
      id: repositories.indexOf(r) + 1,
      name: r.name,
      full_name: fullName,
      owner: { login: r.owner },
      private: r.private,
      fork: false,
      default_branch: r.defaultBranch,
      html_url: `https://github.com/${fullName}`,
      clone_url: r.cloneUrl ?? `https://github.com/${fullName}.git`,
      updated_at: r.updatedAt,
    };
  }

  function authorize(url: URL, res: ServerResponse): void {
    const redirectUri = url.searchParams.get('redirect_uri');
    if (url.searchParams.get('client_id') !== fake.clientId || redirectUri === null || approving === undefined) return send(res, 404, { message: 'Not Found' });
    fake.lastAuthorization = url.searchParams;
    const code = randomBytes(10).toString('hex');
    const challenge = url.searchParams.get('code_challenge');
    if (challenge !== null && url.searchParams.get('code_challenge_method') !== 'S256') return send(res, 400, { message: 'unsupported code_challenge_method' });
    codes.set(code, { code, login: approving, redirectUri, challenge });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state') ?? '');
    res.writeHead(302, { location: back.href }).end();
  }

  function accessToken(req: IncomingMessage, body: string, res: ServerResponse): void {
    const form = req.headers['content-type']?.includes('application/json') ? new URLSearchParams(JSON.parse(body) as Record<string, string>) : new URLSearchParams(body);
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [clientId, clientSecret] = basic === undefined ? [form.get('client_id'), form.get('client_secret')] : Buffer.from(basic, 'base64').toString().split(':');
    const exchange = codes.get(form.get('code') ?? '');
    // GitHub answers a refused exchange with 200 and an error in the body.
    let answer: Record<string, string>;
    if (clientId !== fake.clientId || clientSecret !== fake.clientSecret) answer = { error: 'incorrect_client_credentials' };
    else if (exchange === undefined) answer = { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' };
    else if (form.has('redirect_uri') && form.get('redirect_uri') !== exchange.redirectUri) answer = { error: 'redirect_uri_mismatch' };
    else if (exchange.challenge !== null && createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') !== exchange.challenge) {
      answer = { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' };
    }
    else {
      codes.delete(exchange.code);
      answer = { access_token: users.get(exchange.login)!.token, token_type: 'bearer', scope: fake.lastAuthorization?.get('scope')?.replaceAll(' ', ',') ?? '' };
    }
    if (req.headers.accept?.includes('application/json')) return send(res, 200, answer);
    res.writeHead(200, { 'content-type': 'application/x-www-form-urlencoded' }).end(new URLSearchParams(answer).toString());
  }

  function paged(req: IncomingMessage, url: URL, res: ServerResponse, all: unknown[], wrap: (items: unknown[]) => unknown): void {
    const page = Math.max(1, Number(url.searchParams.get('page') ?? '1'));
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? '30')));
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (n: number, rel: string) => {
      const target = new URL(`${url.pathname}${url.search}`, `http://${req.headers.host}`);
      target.searchParams.set('page', String(n));
      return `<${target.href}>; rel="${rel}"`;
    };
    const links = [...(page > 1 ? [link(page - 1, 'prev'), link(1, 'first')] : []), ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : [])];
    send(res, 200, wrap(all.slice((page - 1) * perPage, page * perPage)), links.length > 0 ? { link: links.join(', ') } : {});
  }

  function search(user: FakeUser, url: URL): FakeRepository[] {
    const words = (url.searchParams.get('q') ?? '').split(/\s+/).filter((w) => w !== '');
    const owner = words.find((w) => w.startsWith('user:'))?.slice('user:'.length);
    const terms = words.filter((w) => !w.includes(':')).map((w) => w.toLowerCase());
    return visibleTo(user.login).filter((r) => r.owner === owner && terms.every((t) => r.name.toLowerCase().includes(t)));
  }

  function refuseHook(res: ServerResponse, status: 403 | 404): void {
    send(res, status, { message: status === 403 ? 'Must have admin rights to Repository.' : 'Not Found' });
  }

  function createHook(repository: FakeRepository, body: string, res: ServerResponse): void {
    if (fake.refuseHooksWith !== undefined) return refuseHook(res, fake.refuseHooksWith);
    const request = JSON.parse(body) as Omit<RecordedHook, 'id' | 'repository'>;
    const fullName = `${repository.owner}/${repository.name}`;
    if (fake.hooks.some((h) => h.repository === fullName && h.config.url === request.config.url)) {
      return send(res, 422, { message: 'Validation Failed', errors: [{ resource: 'Hook', code: 'custom', message: 'Hook already exists on this repository' }] });
    }
    const hook = { id: nextId++, repository: fullName, name: request.name, active: request.active, events: request.events, config: request.config };
    fake.hooks.push(hook);
    send(res, 201, { ...hook, type: 'Repository', config: { ...hook.config, secret: '********' } });
  }

  function deleteHook(repository: FakeRepository, id: string, res: ServerResponse): void {
    if (fake.refuseHooksWith !== undefined) return refuseHook(res, fake.refuseHooksWith);
    const index = fake.hooks.findIndex((h) => h.repository === `${repository.owner}/${repository.name}` && String(h.id) === id);
    if (index === -1) return send(res, 404, { message: 'Not Found' });
    fake.hooks.splice(index, 1);
    res.writeHead(204).end();
  }

  function api(req: IncomingMessage, url: URL, body: string, res: ServerResponse): void {
    // github.com refuses any API request without a User-Agent, before it reads anything else.
    if ((req.headers['user-agent'] ?? '') === '') return send(res, 403, { message: 'Request forbidden by administrative rules. Please make sure your request has a User-Agent header.' });
    const token = /^(?:Bearer|token) (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    const user = [...users.values()].find((u) => u.token === token);
    if (user === undefined) return send(res, 401, { message: 'Bad credentials' });
    const path = url.pathname.slice('/api/v3'.length);
    const repoPath = /^\/repos\/([^/]+)\/([^/]+)(\/hooks(?:\/([^/]+))?)?$/.exec(path);
    if (req.method === 'GET' && path === '/user') return send(res, 200, { id: user.id, login: user.login, email: user.email });
    if (req.method === 'GET' && path === '/user/emails') return send(res, 200, user.emails.map((e) => ({ ...e, visibility: e.primary ? 'private' : null })));
    if (req.method === 'GET' && path === '/user/repos') return paged(req, url, res, sorted(visibleTo(user.login), url).map(toJson), (items) => items);
    if (req.method === 'GET' && path === '/search/repositories') {
      const found = sorted(search(user, url), url).map(toJson);
      return paged(req, url, res, found, (items) => ({ total_count: found.length, incomplete_results: false, items }));
    }
    const repository = repoPath && visibleTo(user.login).find((r) => r.owner.toLowerCase() === repoPath[1]!.toLowerCase() && r.name.toLowerCase() === repoPath[2]!.toLowerCase());
    if (!repository) return send(res, 404, { message: 'Not Found' });
    if (req.method === 'GET' && repoPath![3] === undefined) return send(res, 200, toJson(repository));
    if (req.method === 'POST' && repoPath![3] === '/hooks') return createHook(repository, body, res);
    if (req.method === 'DELETE' && repoPath![4] !== undefined) return deleteHook(repository, repoPath![4], res);
    send(res, 404, { message: 'Not Found' });
  }

  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake-github');
      if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') return authorize(url, res);
      if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') return accessToken(req, body, res);
      if (url.pathname.startsWith('/api/v3/')) return api(req, url, body, res);
      send(res, 404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.apiUrl = `${fake.url}/api/v3`;
  return fake;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}
