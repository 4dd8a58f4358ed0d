import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkout, CheckoutError } from '../builder/src/source/checkout.js';
import { resolveRootDirectory } from '../builder/src/source/root-directory.js';
import { parseBranch, parseCommitSha, parseRepositoryUrl, parseRootDirectory } from '../contract/source-spec.js';
import { startGitServer } from './support/git-server.js';

// Real git against local repositories, as the builder runs it against GitHub.
describe('checkout', () => {
  const work = mkdtempSync(join(tmpdir(), 'aether-checkout-'));
  const origin = join(work, 'origin');
  const local = { allowLocal: true };
  let firstSha: string;
  let secondSha: string;

  function git(...args: string[]): string {
    return execFileSync('git', ['-C', origin, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { encoding: 'utf8' }).trim();
  }

  beforeAll(() => {
    mkdirSync(origin);
    git('init', '--quiet', '--initial-branch', 'main');
    mkdirSync(join(origin, 'apps/web'), { recursive: true });
    writeFileSync(join(origin, 'apps/web/index.html'), 'v1');
    symlinkSync('/etc', join(origin, 'escape'));
    git('add', '.');
    git('commit', '--quiet', '-m', 'First version');
    firstSha = git('rev-parse', 'HEAD');
    writeFileSync(join(origin, 'apps/web/index.html'), 'v2');
    git('commit', '--quiet', '-am', 'Second version\n\nWith a body.');
    secondSha = git('rev-parse', 'HEAD');
  });

  it("checks out a branch's head and reports its SHA and subject", async () => {
    const dir = join(work, 'by-branch');
    const commit = await checkout({ url: parseRepositoryUrl(origin, local), revision: { kind: 'branch', branch: parseBranch('main') }, dir, allowLocal: true });
    expect(commit).toEqual({ sha: secondSha, message: 'Second version' });
    expect(readFileSync(join(dir, 'apps/web/index.html'), 'utf8')).toBe('v2');
  });

  it('checks out an exact earlier commit', async () => {
    const dir = join(work, 'by-commit');
    const url = parseRepositoryUrl(`file://${origin}`, local);
    const commit = await checkout({ url, revision: { kind: 'commit', sha: parseCommitSha(firstSha) }, dir, allowLocal: true });
    expect(commit).toEqual({ sha: firstSha, message: 'First version' });
    expect(readFileSync(join(dir, 'apps/web/index.html'), 'utf8')).toBe('v1');
  });

  it('fails with git\'s reason for a branch that does not exist', async () => {
    const attempt = checkout({ url: parseRepositoryUrl(origin, local), revision: { kind: 'branch', branch: parseBranch('nope') }, dir: join(work, 'nope'), allowLocal: true });
    await expect(attempt).rejects.toThrow(CheckoutError);
    await expect(attempt).rejects.toThrow(/nope/);
  });

  it('refuses a file URL through git itself when local sources are not allowed', async () => {
    const url = parseRepositoryUrl(`file://${origin}`, local);
    const attempt = checkout({ url, revision: { kind: 'branch', branch: parseBranch('main') }, dir: join(work, 'locked'), allowLocal: false });
    await expect(attempt).rejects.toThrow(/transport 'file' not allowed/);
  });

  it('clones a private repository with the token, which stays out of the checkout', async () => {
    const token = 'ghp_private0123456789abcdefghijklmnopqr';
    const served = join(work, 'served');
    mkdirSync(served);
    execFileSync('git', ['clone', '--quiet', '--bare', origin, join(served, 'private.git')]);
    const server = await startGitServer(served, token);
    try {
      const url = parseRepositoryUrl(server.url('private.git'), local);
      const revision = { kind: 'branch' as const, branch: parseBranch('main') };
      const dir = join(work, 'private-with-token');
      expect(await checkout({ url, revision, dir, token, allowLocal: true })).toEqual({ sha: secondSha, message: 'Second version' });
      const config = readFileSync(join(dir, '.git/config'), 'utf8');
      expect(config).not.toContain(token);
      expect(config).not.toContain(Buffer.from(`x-access-token:${token}`).toString('base64'));

      const without = checkout({ url, revision, dir: join(work, 'private-without-token'), allowLocal: true });
      await expect(without).rejects.toThrow(CheckoutError);
      await expect(without).rejects.toThrow(/could not read Username|Authentication failed/);
    } finally {
      await server.close();
    }
  });

  it('checks out the submodules a repository names, and sends the token to its own server only', async () => {
    const token = 'ghp_submodules0123456789abcdefghijklmn';
    const served = join(work, 'served-submodules');
    mkdirSync(served);
    // A public library on one server, used as a submodule by a private app on another.
    const library = join(work, 'library');
    mkdirSync(library);
    const inLibrary = (...args: string[]) => execFileSync('git', ['-C', library, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args]);
    inLibrary('init', '--quiet', '--initial-branch', 'main');
    writeFileSync(join(library, 'greeting.txt'), 'from the submodule');
    inLibrary('add', '.');
    inLibrary('commit', '--quiet', '-m', 'Library');
    execFileSync('git', ['clone', '--quiet', '--bare', library, join(served, 'library.git')]);
    const publicServer = await startGitServer(served, null);
    const privateServer = await startGitServer(served, token);
    try {
      const app = join(work, 'app');
      execFileSync('git', ['clone', '--quiet', origin, app]);
      const inApp = (...args: string[]) =>
        execFileSync('git', ['-C', app, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'protocol.file.allow=always', ...args]);
      // Added from disk (a synchronous git cannot talk to a server in this process), then pointed at the server.
      inApp('submodule', '--quiet', 'add', library, 'vendor/library');
      inApp('config', '--file', '.gitmodules', 'submodule.vendor/library.url', publicServer.url('library.git'));
      inApp('add', '.gitmodules');
      inApp('commit', '--quiet', '-m', 'Add the library');
      execFileSync('git', ['clone', '--quiet', '--bare', app, join(served, 'app.git')]);

      const url = parseRepositoryUrl(privateServer.url('app.git'), local);
      const dir = join(work, 'with-submodules');
      await checkout({ url, revision: { kind: 'branch', branch: parseBranch('main') }, dir, token, allowLocal: true });
      expect(readFileSync(join(dir, 'vendor/library/greeting.txt'), 'utf8')).toBe('from the submodule');
      expect(publicServer.authorizations.length).toBeGreaterThan(0);
      expect(publicServer.authorizations.filter((header) => header !== undefined)).toEqual([]);
    } finally {
      await Promise.all([publicServer.close(), privateServer.close()]);
    }
  });

  it('never shows the token, even when the clone fails', async () => {
    const url = parseRepositoryUrl('https://127.0.0.1:1/acme/private.git', { allowLocal: false });
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const error = await checkout({ url, revision: { kind: 'branch', branch: parseBranch('main') }, dir: join(work, 'private'), token, allowLocal: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckoutError);
    expect(String(error)).toContain('127.0.0.1');
    expect(String(error)).not.toContain(token);
    expect(String(error)).not.toContain(Buffer.from(`x-access-token:${token}`).toString('base64'));
  });

  it('resolves a root directory inside the checkout and refuses a link out of it', async () => {
    const dir = join(work, 'by-branch');
    expect(await resolveRootDirectory(dir, parseRootDirectory('apps/web'))).toBe(join(dir, 'apps/web'));
    await expect(resolveRootDirectory(dir, parseRootDirectory('escape'))).rejects.toThrow(/rootDirectory: "escape" is a link that leaves the repository/);
    await expect(resolveRootDirectory(dir, parseRootDirectory('apps/api'))).rejects.toThrow(/does not exist/);
  });
});
