import { describe, expect, it } from 'vitest';
import { detected, generated, lineIndex, stageNamed } from './dockerfile-stages.test-support.js';

// The helpers other tests order lines with: a missing stage or line must fail the test, not give
// an index of -1 that would pass a toBeLessThan.
describe('the Dockerfile test helpers', () => {
  const dockerfile = generated(detected({ 'go.mod': 'module x\n\ngo 1.22\n', 'main.go': '' }));

  it('find a stage by name and a line in it, and throw for what is not there', () => {
    const build = stageNamed(dockerfile, 'build');
    expect(lineIndex(build, /^WORKDIR \/src$/)).toBe(0);
    expect(() => stageNamed(dockerfile, 'deps')).toThrow('no stage named deps');
    expect(() => lineIndex(build, /^USER /)).toThrow(/^no line matches \/\^USER \/ in stage FROM .* AS build:\nWORKDIR \/src\n/);
  });
});
