import { describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { deploymentFilter, everyContainer, installFilter, ownedBy, REMOVE_CONTAINER, REMOVE_PROJECT_IMAGE, STATS_ONCE, STOP_CONTAINER } from './engine-options.js';

const labels = (filters: string) => (JSON.parse(filters) as { label: string[] }).label;

describe('what engine listings find', () => {
  it('finds this install’s objects of one project, or of every project, never another install’s', () => {
    expect(labels(installFilter('prod', 'p1'))).toEqual([`${AETHER_LABELS.instance}=prod`, `${AETHER_LABELS.project}=p1`]);
    expect(labels(installFilter('prod'))).toEqual([`${AETHER_LABELS.instance}=prod`, AETHER_LABELS.project]);
  });

  it('finds this install’s containers of a deployment, never another install’s of the same ID', () => {
    expect(labels(deploymentFilter('prod', 'd1'))).toEqual([`${AETHER_LABELS.instance}=prod`, `${AETHER_LABELS.deployment}=d1`]);
  });

  it('owns an object only when its labels name both the install and the project', () => {
    const owner = { instance: 'prod', projectId: 'p1' };
    expect(ownedBy({ [AETHER_LABELS.instance]: 'prod', [AETHER_LABELS.project]: 'p1', other: 'x' }, owner)).toBe(true);
    expect(ownedBy({ [AETHER_LABELS.instance]: 'staging', [AETHER_LABELS.project]: 'p1' }, owner)).toBe(false);
    expect(ownedBy({ [AETHER_LABELS.instance]: 'prod', [AETHER_LABELS.project]: 'p2' }, owner)).toBe(false);
    expect(ownedBy({ [AETHER_LABELS.project]: 'p1' }, owner)).toBe(false);
    expect(ownedBy({ [AETHER_LABELS.instance]: 'prod' }, owner)).toBe(false);
    expect(ownedBy(null, owner)).toBe(false);
    expect(ownedBy(undefined, owner)).toBe(false);
  });

  it('lists stopped containers too', () => {
    expect(everyContainer('f')).toEqual({ all: true, filters: 'f' });
  });
});

describe('what a stats call asks for', () => {
  it('asks for one reading, answered at once', () => {
    expect(STATS_ONCE).toEqual({ stream: false, 'one-shot': true });
  });
});

describe('what engine removals take', () => {
  it('removes a container even while it runs, with its anonymous volumes', () => {
    expect(REMOVE_CONTAINER).toEqual({ force: true, v: true });
  });

  it('stops a container with SIGTERM and ten seconds before the kill', () => {
    expect(STOP_CONTAINER).toEqual({ t: 10 });
  });

  it('removes a deleted project’s image whatever still holds it', () => {
    expect(REMOVE_PROJECT_IMAGE).toEqual({ force: true });
  });
});
