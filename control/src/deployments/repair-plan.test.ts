import { describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { containersOfRefusedImages, interruptedRollouts, legacyContainers, mayNeedRepair, productionRepair, projectsOnTheEngine, repairFailures, ROLLOUT_RESUME_MS, ROLLOUT_START_GRACE_MS } from './repair-plan.js';

const now = new Date('2026-12-06T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('interrupted rollouts', () => {
  const deploying = (id: string, createdAt: Date, buildFinishedAt: Date | null) => ({ id, status: 'deploying' as const, createdAt, buildFinishedAt });

  it('are deployments left deploying past the grace, counted from the build’s end or, for a rollback, from its making; taken up again, oldest first', () => {
    const rows = [
      deploying('built-just-now', ago(3_600_000), ago(ROLLOUT_START_GRACE_MS - 1_000)),
      deploying('rollback-old', ago(ROLLOUT_START_GRACE_MS + 1), null),
      deploying('built-at-the-grace', ago(3_600_000), ago(ROLLOUT_START_GRACE_MS)),
      deploying('built-earlier', ago(3_600_000), ago(ROLLOUT_START_GRACE_MS + 60_000)),
      deploying('rollback-new', ago(1_000), null),
      { id: 'live', status: 'ready' as const, createdAt: ago(3_600_000), buildFinishedAt: ago(3_600_000) },
    ];
    expect(interruptedRollouts(rows, now)).toEqual({ resume: ['built-earlier', 'rollback-old'], fail: [] });
  });

  it('are failed rather than taken up again once older than a rollout could be, cut short again and again or left while control was down', () => {
    const rows = [
      deploying('built-long-ago', ago(3_600_000), ago(ROLLOUT_RESUME_MS + 1)),
      deploying('built-at-the-limit', ago(3_600_000), ago(ROLLOUT_RESUME_MS)),
      deploying('rollback-long-ago', ago(ROLLOUT_RESUME_MS + 60_000), null),
    ];
    expect(interruptedRollouts(rows, now)).toEqual({ resume: ['built-at-the-limit'], fail: ['rollback-long-ago', 'built-long-ago'] });
  });
});

describe('the projects a pass repairs on the engine', () => {
  it('are those with a container or an image of theirs, unlabelled ones aside', () => {
    const project = (id: string) => ({ [AETHER_LABELS.project]: id });
    const found = {
      containers: [{ Labels: project('with-a-container') }, { Labels: {} }],
      images: [{ Labels: project('with-an-image') }, { Labels: project('with-a-container') }, { Labels: null }, {}],
    };
    expect([...projectsOnTheEngine(found)].sort()).toEqual(['with-a-container', 'with-an-image']);
  });
});

describe('the projects a pass looks at', () => {
  const none = { onTheEngine: new Set<string>(), deploying: new Set<string>(), routeFiles: new Set<string>() };
  const idle = { id: 'p1', slug: 'shop', productionDeploymentId: null };

  it('leave out one that never ran anything: no production, nothing on the engine, no rollout, no route file', () => {
    expect(mayNeedRepair(idle, none)).toBe(false);
  });

  it.each([
    ['with a production deployment', { ...idle, productionDeploymentId: 'd1' }, none],
    ['with a container or an image', idle, { ...none, onTheEngine: new Set(['p1']) }],
    ['with a rollout on its way, or cut short', idle, { ...none, deploying: new Set(['p1']) }],
    ['with a route file left behind', idle, { ...none, routeFiles: new Set(['project-shop.yml']) }],
  ])('take in one %s', (_, project, facts) => {
    expect(mayNeedRepair(project, facts)).toBe(true);
  });

  it('tell projects apart: another project’s facts say nothing of this one', () => {
    const others = { onTheEngine: new Set(['p2']), deploying: new Set(['p2']), routeFiles: new Set(['project-other.yml']) };
    expect(mayNeedRepair(idle, others)).toBe(false);
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
