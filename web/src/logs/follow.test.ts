import { describe, expect, it } from 'vitest';
import { followsAfterScroll, isAtEnd } from './follow.js';

const at = (scrollTop: number) => ({ scrollTop, scrollHeight: 1000, clientHeight: 200 });

describe('following the tail of a log', () => {
  it('counts the last few pixels as the end', () => {
    expect([isAtEnd(at(800)), isAtEnd(at(797)), isAtEnd(at(790))]).toEqual([true, true, false]);
  });

  it.each([
    ['stops when the user scrolls up', true, 800, 500, false],
    ['follows again back at the end', false, 500, 800, true],
    ['keeps following while the log grows under it', true, 800, 800, true],
    ['does not follow on a scroll down that stops short', false, 300, 600, false],
    ['keeps following on a scroll down that stops short', true, 300, 600, true],
  ])('%s', (_, following, previousTop, top, expected) => {
    expect(followsAfterScroll(following, previousTop, at(top))).toBe(expected);
  });
});
