import { describe, expect, it } from 'vitest';
import { allowedFrom, canTransition, DEPLOYMENT_STATUSES, type DeploymentStatus, isFinal, movableFrom } from './status.js';

// The rules a deployment's life follows, written out on their own terms; the tests hold the
// transition table to them for every pair of states.
const FINAL: readonly DeploymentStatus[] = ['ready', 'failed', 'canceled', 'superseded'];
const RANK: Record<DeploymentStatus, number> = { queued: 0, building: 1, deploying: 2, ready: 3, failed: 3, canceled: 3, superseded: 3 };

function expected(from: DeploymentStatus, to: DeploymentStatus): boolean {
  if (FINAL.includes(from) || RANK[to] <= RANK[from]) return false;
  // Goes live only from a rollout; a newer push replaces only a build that has not started.
  if (to === 'ready') return from === 'deploying';
  if (to === 'superseded') return from === 'queued';
  // A rollback skips the build, and anything not yet live may fail or be canceled.
  return true;
}

const pairs = DEPLOYMENT_STATUSES.flatMap((from) => DEPLOYMENT_STATUSES.map((to) => [from, to] as const));

describe('deployment status', () => {
  it.each(pairs)('%s → %s is allowed exactly when the rules allow it', (from, to) => {
    expect(canTransition(from, to)).toBe(expected(from, to));
  });

  it('never goes back, nor stays where it is, in any of the 49 pairs', () => {
    const backwards = pairs.filter(([from, to]) => RANK[to] <= RANK[from] && canTransition(from, to));
    expect(backwards).toEqual([]);
  });

  it('moves a build forward to ready, and lets a rollback go live without building', () => {
    expect(canTransition('queued', 'building') && canTransition('building', 'deploying') && canTransition('deploying', 'ready')).toBe(true);
    expect(canTransition('queued', 'deploying')).toBe(true);
  });

  it('fails or cancels anything not yet live, from any of its states', () => {
    expect(allowedFrom('failed')).toEqual(['queued', 'building', 'deploying']);
    expect(allowedFrom('canceled')).toEqual(['queued', 'building', 'deploying']);
  });

  it('supersedes only a build that has not started, and goes live only from a rollout', () => {
    expect(allowedFrom('superseded')).toEqual(['queued']);
    expect(allowedFrom('ready')).toEqual(['deploying']);
    expect(allowedFrom('queued')).toEqual([]);
  });

  it('calls final exactly the states nothing leaves', () => {
    expect(DEPLOYMENT_STATUSES.filter(isFinal)).toEqual(FINAL);
  });
});

describe('the states a writer moves a deployment from', () => {
  it('are every state that may lead to the new one, when the writer judged it in none in particular', () => {
    expect(movableFrom('failed')).toEqual(['queued', 'building', 'deploying']);
    expect(movableFrom('ready')).toEqual(['deploying']);
  });

  it('are the states the writer judged it in, never one that may not lead there', () => {
    expect(movableFrom('failed', ['queued', 'building'])).toEqual(['queued', 'building']);
    expect(movableFrom('failed', ['ready', 'building', 'canceled'])).toEqual(['building']);
  });
});
