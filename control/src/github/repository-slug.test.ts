import { describe, expect, it } from 'vitest';
import { slugFromRepositoryName } from './repository-slug.js';

const label = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

describe('slugFromRepositoryName', () => {
  it('lower-cases and turns every run of other characters into one hyphen', () => {
    expect(slugFromRepositoryName('My_Site.io')).toBe('my-site-io');
    expect(slugFromRepositoryName('hello--world')).toBe('hello-world');
    expect(slugFromRepositoryName('api')).toBe('api');
  });

  it('never starts or ends with a hyphen, even after cutting to 54 characters', () => {
    expect(slugFromRepositoryName('.github')).toBe('github');
    expect(slugFromRepositoryName('site_')).toBe('site');
    const cut = slugFromRepositoryName(`${'a'.repeat(53)}_b`);
    expect(cut).toBe('a'.repeat(53));
    expect(cut).toMatch(label);
  });

  it('gives a valid label for a name with no letter or digit', () => {
    expect(slugFromRepositoryName('___')).toMatch(label);
    expect(slugFromRepositoryName('...')).toMatch(label);
  });
});
