import { describe, expect, it } from 'vitest';
import { createRing } from './runtime-logs.js';

describe('recent lines', () => {
  it('keeps the last ones pushed, oldest first', () => {
    const ring = createRing<number>(3);
    for (const n of [1, 2]) ring.push(n);
    expect(ring.items()).toEqual([1, 2]);
    ring.push(3);
    expect(ring.items()).toEqual([1, 2, 3]);
    for (const n of [4, 5, 6, 7]) ring.push(n);
    expect(ring.items()).toEqual([5, 6, 7]);
  });

  it('keeps nothing when asked for no backfill', () => {
    const ring = createRing<number>(0);
    ring.push(1);
    expect(ring.items()).toEqual([]);
  });
});
