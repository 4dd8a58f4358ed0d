import { describe, expect, it } from 'vitest';
import { samplingPlan } from './container-stats.js';

const now = Date.UTC(2026, 11, 6, 12);
const minutesAgo = (m: number) => now - m * 60_000;
const serving = [
  { deploymentId: 'd1', slug: 'blog' },
  { deploymentId: 'd2', slug: 'shop' },
  { deploymentId: 'd3', slug: 'docs' },
];

describe('which containers the charts read', () => {
  it('reads only serving containers someone looked at in the last ten minutes, and forgets older looks', () => {
    const watched = new Map([
      ['d1', minutesAgo(1)],
      ['d2', minutesAgo(10)],
      ['d3', minutesAgo(10) - 1],
      ['retired', minutesAgo(2)],
    ]);
    expect(samplingPlan(serving, watched, now)).toEqual({ read: [serving[0], serving[1]], unwatched: ['d3'] });
  });

  it('reads nothing while nobody looks, however many projects serve', () => {
    expect(samplingPlan(serving, new Map(), now)).toEqual({ read: [], unwatched: [] });
  });
});
