import { describe, expect, it } from 'vitest';
import { nextPage } from './link-header.js';

describe('nextPage', () => {
  it('reads the page GitHub links as next', () => {
    const link =
      '<https://api.github.com/user/repos?page=1&per_page=2>; rel="prev", <https://api.github.com/user/repos?page=3&per_page=2>; rel="next", <https://api.github.com/user/repos?page=5&per_page=2>; rel="last"';
    expect(nextPage(link)).toBe(3);
  });

  it('finds next among several relations of one link', () => {
    expect(nextPage('<https://api.github.com/search/repositories?q=x&page=2>; rel="next last"')).toBe(2);
  });

  it('says there is none on the last page, without the header, or when it is malformed', () => {
    expect(nextPage('<https://api.github.com/user/repos?page=1>; rel="first", <https://api.github.com/user/repos?page=4>; rel="prev"')).toBeNull();
    expect(nextPage(null)).toBeNull();
    expect(nextPage('garbage')).toBeNull();
    expect(nextPage('<https://api.github.com/user/repos?page=zero>; rel="next"')).toBeNull();
  });

  it('reads links however RFC 8288 lets them be spaced and quoted', () => {
    expect(nextPage('<https://api.github.com/x?page=2>;rel=next')).toBe(2);
    expect(nextPage('  <https://api.github.com/x?page=3>  ;  rel="next"  ')).toBe(3);
    expect(nextPage('<https://api.github.com/x?page=4>; title="a"; rel="prev  next"')).toBe(4);
  });

  it('takes no page from a link that is not one: junk around the target or the relation, or no page above zero', () => {
    expect(nextPage('x <https://api.github.com/x?page=2>; rel="next"')).toBeNull();
    expect(nextPage('<https://api.github.com/x?page=2> x; rel="next"')).toBeNull();
    expect(nextPage('<https://api.github.com/x?page=2>; xrel="next"')).toBeNull();
    expect(nextPage('<https://api.github.com/x?page=2>; rel="next" x')).toBeNull();
    expect(nextPage('<https://api.github.com/x?page=0>; rel="next"')).toBeNull();
    expect(nextPage('<https://api.github.com/x?page=1.5>; rel="next"')).toBeNull();
    expect(nextPage('<https://api.github.com/x?page=6>; rel="last", <https://api.github.com/x?page=2>; rel="next"')).toBe(2);
  });

  it('does not take a relation that only contains the word', () => {
    expect(nextPage('<https://api.github.com/x?page=9>; rel="nextish"')).toBeNull();
  });
});
