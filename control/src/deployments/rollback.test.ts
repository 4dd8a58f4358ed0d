import { describe, expect, it } from 'vitest';
import { MAX_ROLLOUTS_IN_FLIGHT, rollbackRefusal } from './rollback.js';

describe('rollbacks of a project under way', () => {
  it('lets a rollback through while fewer than the bound are rolling out or waiting', () => {
    expect(rollbackRefusal([])).toBeNull();
    expect(rollbackRefusal(['a'])).toBeNull();
  });

  it('refuses a rollback beyond the bound, naming the deployments in its way', () => {
    const inFlight = Array.from({ length: MAX_ROLLOUTS_IN_FLIGHT }, (_, i) => `d${i}`);
    expect(rollbackRefusal(inFlight)).toBe(
      `this project already has ${MAX_ROLLOUTS_IN_FLIGHT} rollouts under way or waiting (deployments ${inFlight.join(', ')}); roll back once one of them has ended`,
    );
    expect(rollbackRefusal([...inFlight, 'stale'])).toContain('stale');
  });
});
