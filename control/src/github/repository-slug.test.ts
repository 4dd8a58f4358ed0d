import { describe, expect, it } from 'vitest';
import { isSlug } from '../routing/deployment-hosts.js';
import { slugFromRepositoryName } from './repository-slug.js';

describe('slugFromRepositoryName', () => {
  it('lower-cases and turns every run of other characters into one hyphen', () => {
    expect(slugFromRepositoryName('My_Site.io')).toBe('my-site-io');
    expect(slugFromRepositoryName('hello--world')).toBe('hello-world');
    expect(slugFromRepositoryName('api')).toBe('api');
  });

  it('never starts or ends with a hyphen, even after cutting to 53 characters', () => {
    expect(slugFromRepositoryName('.github')).toBe('github');
    expect(slugFromRepositoryName('site_')).toBe('site');
    const cut = slugFromRepositoryName(`${'a'.repeat(52)}_b`);
    expect(cut).toBe('a'.repeat(52));
    expect(isSlug(cut)).toBe(true);
    expect(isSlug(slugFromRepositoryName('3f2a9c1e--blog'))).toBe(true);
  });

  it('gives a valid label for a name with no letter or digit', () => {
    expect(isSlug(slugFromRepositoryName('___'))).toBe(true);
    expect(isSlug(slugFromRepositoryName('...'))).toBe(true);
  });
});
