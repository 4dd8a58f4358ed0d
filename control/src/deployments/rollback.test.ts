import { describe, expect, it } from 'vitest';
import { MAX_ROLLOUTS_IN_FLIGHT, RollbackRefused, rollbackDeployment, rollbackRefusal, rollbackTarget } from './rollback.js';

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

describe('what a rollback may go back to', () => {
  it('goes back only to a deployment that went live, with its image', () => {
    expect(rollbackTarget('d1', { status: 'ready', imageId: 'sha256:abc', port: 3000 })).toEqual({ status: 'ready', imageId: 'sha256:abc', port: 3000 });
  });

  it.each(['queued', 'building', 'deploying', 'failed', 'canceled', 'superseded'] as const)('refuses one that ended %s, which never served', (status) => {
    expect(() => rollbackTarget('d1', { status, imageId: 'sha256:abc' })).toThrow(new RollbackRefused('only a deployment that went live can be rolled back to'));
  });

  it('refuses one without an image, and one that does not exist, naming it', () => {
    expect(() => rollbackTarget('d1', { status: 'ready', imageId: null })).toThrow(RollbackRefused);
    expect(() => rollbackTarget('d1', undefined)).toThrow(new RollbackRefused('there is no deployment d1'));
  });
});

describe('the deployment a rollback makes', () => {
  it('runs the target’s image as built, ready to roll out, and carries none of its history', () => {
    const target = {
      id: 'd-old',
      projectId: 'p1',
      status: 'ready' as const,
      rolloutStep: 'switching' as const,
      trigger: 'webhook' as const,
      branch: 'main',
      commitSha: 'a1b2c3',
      commitMessage: 'Fix the cart',
      imageTag: 'aether/shop:d-old',
      imageId: 'sha256:abc',
      dockerfile: 'FROM node:20',
      port: 3000,
      framework: 'Next.js',
      repositorySettings: { healthCheckPath: '/up' },
      error: null,
      createdAt: new Date('2026-12-01T10:00:00Z'),
      buildStartedAt: new Date('2026-12-01T10:00:01Z'),
      buildFinishedAt: new Date('2026-12-01T10:01:00Z'),
      readyAt: new Date('2026-12-01T10:01:05Z'),
    };
    expect(rollbackDeployment(target)).toStrictEqual({
      projectId: 'p1',
      trigger: 'rollback',
      status: 'deploying',
      imageTag: 'aether/shop:d-old',
      imageId: 'sha256:abc',
      port: 3000,
      dockerfile: 'FROM node:20',
      branch: 'main',
      framework: 'Next.js',
      repositorySettings: { healthCheckPath: '/up' },
      commitSha: 'a1b2c3',
      commitMessage: 'Fix the cart',
    });
  });
});
