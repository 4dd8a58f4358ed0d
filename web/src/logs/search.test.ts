import { describe, expect, it } from 'vitest';
import { findMatches, matchCount, matchesOn, stepMatch } from './search.js';

const lines = ['npm install', 'Installed 3 packages', '', 'install done; INSTALL again'].map((l) => l.toLowerCase());

describe('search within a log', () => {
  it('finds every match in order, ignoring case', () => {
    expect(findMatches(lines, 'INSTALL')).toEqual([
      { line: 0, start: 4, end: 11 },
      { line: 1, start: 0, end: 7 },
      { line: 3, start: 0, end: 7 },
      { line: 3, start: 14, end: 21 },
    ]);
  });

  it('finds nothing for an empty query, and does not overlap matches', () => {
    expect(findMatches(lines, '')).toEqual([]);
    expect(findMatches(['aaaa'], 'aa')).toEqual([
      { line: 0, start: 0, end: 2 },
      { line: 0, start: 2, end: 4 },
    ]);
  });

  it('stops at the limit', () => {
    expect(findMatches(['a a a', 'a'], 'a', 2)).toHaveLength(2);
  });

  it('reads the matches of one line', () => {
    const matches = findMatches(lines, 'install');
    expect(matchesOn(matches, 3)).toEqual([matches[2], matches[3]]);
    expect(matchesOn(matches, 2)).toEqual([]);
    expect(matchesOn(matches, 9)).toEqual([]);
  });

  it('steps through matches, wrapping at both ends', () => {
    expect([stepMatch(0, 4, 1), stepMatch(3, 4, 1), stepMatch(0, 4, -1), stepMatch(0, 0, 1)]).toEqual([1, 0, 3, 0]);
  });

  it('says where the user is among the matches', () => {
    expect([matchCount(0, 0), matchCount(2, 12), matchCount(0, 10, 10)]).toEqual(['No matches', '3 of 12', '1 of 10+']);
  });
});
