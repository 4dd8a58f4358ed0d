import { describe, expect, it } from 'vitest';
import { slugFromRepository } from './slug-from-repository.js';

describe('slugFromRepository', () => {
  it.each([
    ['octo/My_Site.io', 'my-site-io'],
    ['octo/hello--world', 'hello-world'],
    ['https://github.com/octo/Blog.git', 'blog'],
    ['https://gitlab.com/group/sub/api-server/', 'api-server'],
    ['git@github.com:octo/Shop.GIT', 'shop'],
    ['octo/.github', 'github'],
    ['', ''],
    ['octo/___', ''],
  ])('%s → %s', (repository, slug) => {
    expect(slugFromRepository(repository)).toBe(slug);
  });

  it('cuts to 53 characters without leaving a hyphen last', () => {
    expect(slugFromRepository(`octo/${'a'.repeat(52)}_b`)).toBe('a'.repeat(52));
  });
});
