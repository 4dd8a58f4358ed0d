import { describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import { leftoversOf, networkPlan, orphansOf } from './orphan-plan.js';

const live = [
  { id: 'p1', slug: 'shop' },
  { id: 'p2', slug: 'blog' },
];
const labeled = (Id: string, project?: string) => ({ Id, Labels: project === undefined ? {} : { [AETHER_LABELS.project]: project } });

describe('what a deleted project left behind', () => {
  it('takes the containers and images of projects the database no longer holds', () => {
    const orphans = orphansOf(live, {
      containers: [labeled('c1', 'p1'), labeled('c3', 'gone'), labeled('c2', 'p2')],
      images: [labeled('i3', 'gone'), labeled('i1', 'p1'), { Id: 'i-unlabeled', Labels: null }],
      routeFiles: [],
    });
    expect(orphans).toEqual({ containers: ['c3'], images: ['i3', 'i-unlabeled'], routes: [] });
  });

  it("takes the route files of projects gone, and leaves every file that is not a project's", () => {
    const orphans = orphansOf(live, {
      containers: [],
      images: [],
      routeFiles: ['project-shop.yml', 'project-old-shop.yml', 'dashboard.yml', 'shared.yml', 'project-blog.yml'],
    });
    expect(orphans.routes).toEqual(['old-shop']);
  });

  it('leaves everything when every project is there', () => {
    expect(orphansOf(live, { containers: [labeled('c1', 'p1')], images: [labeled('i2', 'p2')], routeFiles: ['project-blog.yml'] })).toEqual({
      containers: [],
      images: [],
      routes: [],
    });
  });
});

describe('what deleting a project removes from the engine', () => {
  it('takes its containers and images of this install, and nothing another Aether on the engine holds of a project of the same ID', () => {
    const of = (Id: string, instance: string | undefined, project: string) => ({
      Id,
      Labels: { ...(instance !== undefined && { [AETHER_LABELS.instance]: instance }), [AETHER_LABELS.project]: project },
    });
    const found = {
      containers: [of('c-mine', 'prod', 'p1'), of('c-staging', 'staging', 'p1'), of('c-bare', undefined, 'p1'), of('c-other', 'prod', 'p2')],
      images: [of('i-staging', 'staging', 'p1'), of('i-mine', 'prod', 'p1'), { Id: 'i-unlabeled', Labels: null }, of('i-other', 'prod', 'p2')],
    };
    expect(leftoversOf({ instance: 'prod', projectId: 'p1' }, found)).toEqual({ containers: ['c-mine'], images: ['i-mine'] });
  });
});

describe("the projects' networks", () => {
  it('puts Traefik on the networks of live projects and removes those of deleted ones', () => {
    const networks = [
      { name: 'aether-p1', projectId: 'p1' },
      { name: 'aether-gone', projectId: 'gone' },
      { name: 'aether-unlabeled', projectId: '' },
    ];
    expect(networkPlan(networks, new Set(['p1', 'p2']))).toEqual({ join: ['aether-p1'], remove: ['aether-gone', 'aether-unlabeled'] });
  });
});
