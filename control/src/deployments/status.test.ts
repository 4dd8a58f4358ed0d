import { describe, expect, it } from 'vitest';
import { allowedFrom, canTransition, DEPLOYMENT_STATUSES, isFinal } from './status.js';

describe('deployment status', () => {
  it('moves a build forward to ready', () => {
    expect(canTransition('queued', 'building')).toBe(true);
    expect(canTransition('building', 'deploying')).toBe(true);
    expect(canTransition('deploying', 'ready')).toBe(true);
  });

  it('lets a rollback go live without building', () => {
    expect(canTransition('queued', 'deploying')).toBe(true);
  });

  it('never leaves a final state', () => {
    for (const from of ['ready', 'failed', 'canceled', 'superseded'] as const) {
      expect(isFinal(from)).toBe(true);
      for (const to of DEPLOYMENT_STATUSES) expect(canTransition(from, to)).toBe(false);
    }
  });

  it('never goes back', () => {
    expect(canTransition('building', 'queued')).toBe(false);
    expect(canTransition('deploying', 'building')).toBe(false);
  });

  it('supersedes only a build that has not started', () => {
    expect(allowedFrom('superseded')).toEqual(['queued']);
  });

  it('cancels anything not yet live', () => {
    expect(allowedFrom('canceled')).toEqual(['queued', 'building', 'deploying']);
  });
});
