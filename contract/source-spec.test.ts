import { describe, expect, it } from 'vitest';
import { parseBranch, parseCommitSha, parseRepositoryUrl, parseRootDirectory, SourceError } from './source-spec.js';

const production = { allowLocal: false };

describe('parseRepositoryUrl', () => {
  it('accepts an https URL', () => {
    expect(parseRepositoryUrl('https://github.com/acme/blog.git', production)).toBe('https://github.com/acme/blog.git');
  });

  it.each([
    ['ext::sh -c touch% /tmp/pwned', /not a URL|not supported/],
    ['git@github.com:acme/blog.git', /not a URL|not supported/],
    ['ssh://git@github.com/acme/blog.git', /ssh URLs are not supported/],
    ['http://github.com/acme/blog.git', /http URLs are not supported/],
    ['file:///srv/git/blog.git', /file URLs are not supported/],
    ['/srv/git/blog.git', /not a URL/],
    ['https://user:ghp_secret@github.com/acme/blog.git', /remove the credentials/],
    ['https://ghp_secret@github.com/acme/blog.git', /remove the credentials/],
  ])('refuses %j', (input, reason) => {
    const attempt = () => parseRepositoryUrl(input, production);
    expect(attempt).toThrow(SourceError);
    expect(attempt).toThrow(reason);
    expect(attempt).toThrow(/^repository: /);
  });

  it('takes local paths, file URLs and http on loopback only when allowed', () => {
    expect(parseRepositoryUrl('/srv/git/blog.git', { allowLocal: true })).toBe('/srv/git/blog.git');
    expect(parseRepositoryUrl('file:///srv/git/blog.git', { allowLocal: true })).toBe('file:///srv/git/blog.git');
    expect(parseRepositoryUrl('http://127.0.0.1:8999/blog.git', { allowLocal: true })).toBe('http://127.0.0.1:8999/blog.git');
    expect(() => parseRepositoryUrl('http://127.0.0.1:8999/blog.git', production)).toThrow(/http URLs are not supported/);
    expect(() => parseRepositoryUrl('http://github.com/acme/blog.git', { allowLocal: true })).toThrow(/http URLs are not supported/);
  });
});

describe('parseBranch', () => {
  it.each(['main', 'feature/login', 'release-1.2', 'user/fix_42'])('accepts %j', (branch) => {
    expect(parseBranch(branch)).toBe(branch);
  });

  it.each(['', '-upload-pack=evil', 'a..b', 'a b', 'a~1', 'a^', 'a:b', 'x.lock', '/lead', 'trail/', 'a//b', 'a@{1}', '@', 'a\\b'])(
    'refuses %j naming the field',
    (branch) => {
      expect(() => parseBranch(branch)).toThrow(/^branch: /);
    },
  );
});

describe('parseCommitSha', () => {
  it('accepts a full SHA and refuses anything else', () => {
    expect(parseCommitSha('a'.repeat(40))).toBe('a'.repeat(40));
    for (const bad of ['abc123', 'A'.repeat(40), `${'a'.repeat(40)} --`, 'HEAD']) {
      expect(() => parseCommitSha(bad)).toThrow(/^commit: /);
    }
  });
});

describe('parseRootDirectory', () => {
  it.each([
    ['', ''],
    ['.', ''],
    ['./', ''],
    ['apps/web', 'apps/web'],
    ['./apps/web/', 'apps/web'],
    ['apps/../web', 'web'],
  ])('normalises %j to %j', (input, expected) => {
    expect(parseRootDirectory(input)).toBe(expected);
  });

  it.each(['..', '../other', 'apps/../../etc', '/etc'])('refuses %j, which leaves the repository', (input) => {
    expect(() => parseRootDirectory(input)).toThrow(/^rootDirectory: /);
  });
});
