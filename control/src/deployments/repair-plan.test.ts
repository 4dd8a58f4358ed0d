import { describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { containersOfRefusedImages, interruptedRollouts, legacyContainers, productionRepair, repairFailures, ROLLOUT_START_GRACE_MS } from './repair-plan.js';

const now = new Date('2026-12-06T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('interrupted rollouts', () => {
  it('are deployments left deploying past the grace, counted from the build’s end or, for a rollback, from its making', () => {
    const rows = [
      { id: 'built-long-ago', status: 'deploying' as const, createdAt: ago(3_600_000), buildFinishedAt: ago(ROLLOUT_START_GRACE_MS + 1) },
      { id: 'built-just-now', status: 'deploying' as const, createdAt: ago(3_600_000), buildFinishedAt: ago(ROLLOUT_START_GRACE_MS - 1_000) },
      { id: 'built-at-the-grace', status: 'deploying' as const, createdAt: ago(3_600_000), buildFinishedAt: ago(ROLLOUT_START_GRACE_MS) },
      { id: 'rollback-old', status: 'deploying' as const, createdAt: ago(ROLLOUT_START_GRACE_MS + 1), buildFinishedAt: null },
      { id: 'rollback-new', status: 'deploying' as const, createdAt: ago(1_000), buildFinishedAt: null },
      { id: 'live', status: 'ready' as const, createdAt: ago(3_600_000), buildFinishedAt: ago(3_600_000) },
    ];
    expect(interruptedRollouts(rows, now)).toEqual(['built-long-ago', 'rollback-old']);
  });
});

describe('legacy containers', () => {
  const container = (Id: string, NetworkMode: string, deployment?: string) => ({
    Id,
    HostConfig: { NetworkMode },
    Labels: deployment === undefined ? {} : { [AETHER_LABELS.deployment]: deployment },
  });

  it('are those off the project’s network, each with the deployment to make it anew for', () => {
    const plan = legacyContainers([container('c1', 'aether-p1'), container('c2', 'aether-apps', 'd2'), container('c3', 'bridge')], 'aether-p1');
    expect(plan).toEqual([
      { containerId: 'c2', deploymentId: 'd2' },
      { containerId: 'c3', deploymentId: null },
    ]);
  });
});

describe('containers of refused images', () => {
  const containers = [
    { Id: 'routes-itself', ImageID: 'i-traefik', Labels: { [AETHER_LABELS.project]: 'p1' } },
    { Id: 'claims-another', ImageID: 'i-other-project', Labels: { [AETHER_LABELS.project]: 'p1' } },
    { Id: 'plain', ImageID: 'i-plain', Labels: { [AETHER_LABELS.project]: 'p1' } },
    { Id: 'image-gone', ImageID: 'i-gone', Labels: { [AETHER_LABELS.project]: 'p1' } },
  ];
  const images = new Map<string, Record<string, string> | null>([
    ['i-traefik', { 'traefik.http.routers.x.rule': 'Host(`bank.example`)' }],
    ['i-other-project', { [AETHER_LABELS.project]: 'p2' }],
    ['i-plain', null],
  ]);

  it('go when the image routes itself or names another project; others stay', () => {
    expect(containersOfRefusedImages(containers, images, 'main')).toEqual(['routes-itself', 'claims-another']);
  });
});

describe('production repair', () => {
  it('keeps a running container, starts a stopped one, makes a missing one anew, and routes to nothing without an image', () => {
    expect(productionRepair({ serving: true, container: 'running' })).toBe('keep');
    expect(productionRepair({ serving: true, container: 'stopped' })).toBe('start');
    expect(productionRepair({ serving: true, container: 'absent', imagePresent: true })).toBe('create');
    expect(productionRepair({ serving: true, container: 'absent', imagePresent: false })).toBe('unroute');
    expect(productionRepair({ serving: false })).toBe('unroute');
  });
});

describe('a reconcile pass’s failures', () => {
  it('are none when every project was repaired', () => {
    expect(repairFailures([], 3)).toBeNull();
  });

  it('are thrown together, each project’s error kept, counted against all projects', () => {
    const errors = [new Error('pool full'), new Error('engine refused')];
    const failed = repairFailures(errors, 3);
    expect(failed?.message).toBe('2 of 3 projects could not be reconciled');
    expect(failed?.errors).toEqual(errors);
  });

  it('are thrown for a single project that failed', () => {
    expect(repairFailures([new Error('pool full')], 3)?.message).toBe('1 of 3 projects could not be reconciled');
  });
});
