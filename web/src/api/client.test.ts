import { describe, expect, it } from 'vitest';
import { nextPath } from './client.js';

describe('nextPath', () => {
  it("reads the next page's API path from the Link header control sends", () => {
    expect(nextPath('</api/projects?page=2&perPage=100>; rel="next"')).toBe('/projects?page=2&perPage=100');
  });

  it('is null on the last page, and for a link that is not the next page or leaves the API', () => {
    expect(nextPath(null)).toBeNull();
    expect(nextPath('</api/projects?page=1>; rel="prev"')).toBeNull();
    expect(nextPath('<https://elsewhere.example/api/x>; rel="next"')).toBeNull();
  });
});
