import { describe, expect, it } from 'vitest';
import { nextPath } from './next-path.js';

describe('nextPath', () => {
  it.each(['/', '/projects/1', '/account?tab=tokens', '/new#git'])('follows the path %s', (path) => {
    expect(nextPath(path)).toBe(path);
  });

  it.each([
    [null],
    [undefined],
    [''],
    ['projects'],
    ['https://evil.example/'],
    ['//evil.example'],
    ['/\\evil.example'],
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['javascript:alert(1)'],
  ])('refuses %j for the projects page', (next) => {
    expect(nextPath(next)).toBe('/');
  });
});
