import { describe, expect, it } from 'vitest';
import { repositoryFromUrl } from './repository-url.js';

describe('repositoryFromUrl', () => {
  it('reads owner and name from a clone URL, with or without .git', () => {
    expect(repositoryFromUrl('https://github.com/importer/My_Site.io.git')).toEqual({ owner: 'importer', name: 'My_Site.io' });
    expect(repositoryFromUrl('https://github.com/importer/My_Site.io')).toEqual({ owner: 'importer', name: 'My_Site.io' });
    expect(repositoryFromUrl('https://github.com/importer/site/')).toEqual({ owner: 'importer', name: 'site' });
  });

  it('takes the last two segments of a GitHub Enterprise URL, under a path prefix too', () => {
    expect(repositoryFromUrl('https://ghe.example.com/team/api.git')).toEqual({ owner: 'team', name: 'api' });
    expect(repositoryFromUrl('https://example.com/git/team/api.git')).toEqual({ owner: 'team', name: 'api' });
  });

  it('finds none in what is not a URL of a repository', () => {
    expect(repositoryFromUrl('not a url')).toBeNull();
    expect(repositoryFromUrl('/srv/repositories/site')).toBeNull();
    expect(repositoryFromUrl('https://github.com/importer')).toBeNull();
    expect(repositoryFromUrl('https://github.com/')).toBeNull();
    expect(repositoryFromUrl('https://github.com/importer/.git')).toBeNull();
    expect(repositoryFromUrl('https://github.com/importer/a%2Fb.git')).toBeNull();
    // A name that is `.` or `..` once its .git is dropped would climb out of the owner's path.
    expect(repositoryFromUrl('https://github.com/importer/..git')).toBeNull();
    expect(repositoryFromUrl('https://github.com/importer/...git')).toBeNull();
  });

  it('drops only a final .git', () => {
    expect(repositoryFromUrl('https://github.com/importer/site.github.io.git')).toEqual({ owner: 'importer', name: 'site.github.io' });
  });
});
