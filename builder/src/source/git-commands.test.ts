import { describe, expect, it } from 'vitest';
import { parseBranch, parseCommitSha, parseRepositoryUrl } from '../../../contract/source-spec.js';
import { checkoutCommands, gitEnvironment, secretsOf } from './git-commands.js';

const url = parseRepositoryUrl('https://github.com/acme/blog.git', { allowLocal: false });

describe('checkoutCommands', () => {
  it('clones one branch shallowly, the URL after --', () => {
    expect(checkoutCommands(url, { kind: 'branch', branch: parseBranch('main') }, '/work/b1')).toEqual([
      ['git', 'clone', '--quiet', '--depth', '1', '--single-branch', '--branch', 'main', '--', url, '/work/b1'],
      ['git', '-C', '/work/b1', 'submodule', 'update', '--quiet', '--init', '--recursive', '--depth', '1'],
    ]);
  });

  it('fetches exactly one commit and checks it out detached', () => {
    const sha = parseCommitSha('0123456789abcdef0123456789abcdef01234567');
    expect(checkoutCommands(url, { kind: 'commit', sha }, '/work/b1')).toEqual([
      ['git', 'init', '--quiet', '--', '/work/b1'],
      ['git', '-C', '/work/b1', 'fetch', '--quiet', '--depth', '1', '--', url, sha],
      ['git', '-C', '/work/b1', 'checkout', '--quiet', '--detach', 'FETCH_HEAD'],
      ['git', '-C', '/work/b1', 'submodule', 'update', '--quiet', '--init', '--recursive', '--depth', '1'],
    ]);
  });
});

describe('gitEnvironment', () => {
  it("carries the token only as an Authorization header in the environment, for the repository's origin", () => {
    const env = gitEnvironment({ url, token: 'ghp_s3cret', allowLocal: false });
    expect(env.GIT_CONFIG_KEY_0).toBe('http.https://github.com/.extraHeader');
    expect(env.GIT_CONFIG_VALUE_0).toBe(`Authorization: Basic ${Buffer.from('x-access-token:ghp_s3cret').toString('base64')}`);
    const argv = checkoutCommands(url, { kind: 'branch', branch: parseBranch('main') }, '/w').flat();
    expect(argv.join(' ')).not.toContain('ghp_s3cret');
  });

  it('is the whole environment: no prompt, no system or global config, and the header only with a token and a server', () => {
    const base = { GIT_TERMINAL_PROMPT: '0', GIT_ALLOW_PROTOCOL: 'https', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
    expect(gitEnvironment({ url, allowLocal: false })).toEqual(base);
    expect(gitEnvironment({ url, token: 't0k', allowLocal: false })).toEqual({
      ...base,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.https://github.com/.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${Buffer.from('x-access-token:t0k').toString('base64')}`,
    });
    const localPath = parseRepositoryUrl('/srv/git/blog.git', { allowLocal: true });
    expect(gitEnvironment({ url: localPath, token: 't0k', allowLocal: true })).toEqual({ ...base, GIT_ALLOW_PROTOCOL: 'https:file:http' });
  });

  it('allows https only, and local file and http servers too in test mode', () => {
    expect(gitEnvironment({ url, allowLocal: false }).GIT_ALLOW_PROTOCOL).toBe('https');
    expect(gitEnvironment({ url, allowLocal: true }).GIT_ALLOW_PROTOCOL).toBe('https:file:http');
    expect(gitEnvironment({ url, allowLocal: false }).GIT_TERMINAL_PROMPT).toBe('0');
  });

  it('lists the token and its encoded header as secrets', () => {
    expect(secretsOf(undefined)).toEqual([]);
    expect(secretsOf('t0k')).toEqual(['t0k', Buffer.from('x-access-token:t0k').toString('base64')]);
  });
});
