import { describe, expect, it } from 'vitest';
import { AETHER_LABELS } from '../../../contract/aether-labels.js';
import type { Owner } from './engine-options.js';
import { containersToRetire as containersOfOwnerToRetire, imagesToRemove as imagesOfOwnerToRemove, keptDeployments, type Kept, type LabeledContainer, type LabeledImage, type RetirementRow } from './retirement-plan.js';

const owner: Owner = { instance: 'prod', projectId: 'p1' };
/** The labels control and the builder give the project's objects on this install. */
const owned = { [AETHER_LABELS.instance]: owner.instance, [AETHER_LABELS.project]: owner.projectId };
const ready = (id: string): RetirementRow => ({ id, status: 'ready', imageId: `sha256:${id}` });
const container = (deployment: string, State = 'running'): LabeledContainer => ({ Id: `c-${deployment}`, State, Labels: { ...owned, [AETHER_LABELS.deployment]: deployment } });
const image = (deployment: string): LabeledImage => ({ Id: `sha256:${deployment}`, Labels: { ...owned, [AETHER_LABELS.deployment]: deployment } });
const containersToRetire = (containers: readonly LabeledContainer[], kept: Kept) => containersOfOwnerToRetire(containers, kept, owner);
const imagesToRemove = (images: readonly LabeledImage[], kept: Kept) => imagesOfOwnerToRemove(images, kept, owner);

// Newest to go live first, as retire.ts reads them.
const history = [ready('d4'), ready('d3'), ready('d2'), ready('d1')];

describe('retiring the older deployments of a project', () => {
  it('keeps the newest that went live running, and stops the rest after a drain', () => {
    const keeps = keptDeployments(history, { running: 2, images: 3 });
    expect(containersToRetire(['d1', 'd2', 'd3', 'd4'].map((d) => container(d)), keeps)).toEqual({ stop: ['c-d1', 'c-d2'], drain: true });
  });

  it('does not wait for requests in flight when only stopped containers go', () => {
    const keeps = keptDeployments(history, { running: 2, images: 3 });
    expect(containersToRetire([container('d2', 'exited'), container('d4')], keeps)).toEqual({ stop: ['c-d2'], drain: false });
  });

  it('drains when any one of those it stops still runs', () => {
    const keeps = keptDeployments(history, { running: 2, images: 3 });
    expect(containersToRetire([container('d1', 'exited'), container('d2')], keeps)).toEqual({ stop: ['c-d1', 'c-d2'], drain: true });
  });

  it('keeps the images of the newest that went live for rollbacks, and removes the rest', () => {
    const keeps = keptDeployments(history, { running: 1, images: 3 });
    expect(imagesToRemove(['d1', 'd2', 'd3', 'd4'].map(image), keeps)).toEqual(['sha256:d1']);
  });

  it('leaves a deployment on its way alone, and the older image a rollback on its way runs', () => {
    const rollback: RetirementRow = { id: 'r5', status: 'deploying', imageId: 'sha256:d1' };
    const building: RetirementRow = { id: 'b6', status: 'building', imageId: null };
    const keeps = keptDeployments([rollback, building, ...history], { running: 1, images: 1 });
    expect(containersToRetire([container('r5'), container('b6'), container('d4'), container('d3')], keeps).stop).toEqual(['c-d3']);
    // b6's image exists before its row has its id: the label keeps it.
    expect(imagesToRemove([image('b6'), image('d4'), image('d3'), image('d2'), image('d1')], keeps)).toEqual(['sha256:d3', 'sha256:d2']);
  });

  it('stops a container without a deployment label, or of a deployment that failed', () => {
    const keeps = keptDeployments(history, { running: 4, images: 4 });
    const unlabeled: LabeledContainer = { Id: 'stray', State: 'running', Labels: owned };
    expect(containersToRetire([unlabeled, container('failed-d0')], keeps).stop).toEqual(['stray', 'c-failed-d0']);
  });

  it('removes an image without a deployment label unless a kept deployment names it', () => {
    const keeps = keptDeployments(history, { running: 1, images: 1 });
    expect(imagesToRemove([{ Id: 'sha256:d4', Labels: owned }, { Id: 'sha256:other', Labels: owned }], keeps)).toEqual(['sha256:other']);
  });

  it('leaves alone what another Aether on the same engine runs and keeps, even for a project of the same ID', () => {
    const keeps = keptDeployments(history, { running: 1, images: 1 });
    // A second install, or a test stack restored from this one's backup: same project, same deployments.
    const theirs = { ...owned, [AETHER_LABELS.instance]: 'staging' };
    const unlabeled = { [AETHER_LABELS.project]: owner.projectId, [AETHER_LABELS.deployment]: 'd1' };
    const containers: LabeledContainer[] = [
      { Id: 'theirs-d1', State: 'running', Labels: { ...theirs, [AETHER_LABELS.deployment]: 'd1' } },
      { Id: 'no-install-d1', State: 'running', Labels: unlabeled },
      { Id: 'other-project-d1', State: 'running', Labels: { ...owned, [AETHER_LABELS.project]: 'p2', [AETHER_LABELS.deployment]: 'd1' } },
      container('d2', 'exited'),
    ];
    expect(containersToRetire(containers, keeps)).toEqual({ stop: ['c-d2'], drain: false });
    const images: LabeledImage[] = [{ Id: 'sha256:theirs', Labels: theirs }, { Id: 'sha256:bare', Labels: unlabeled }, { Id: 'sha256:none', Labels: null }, image('d2')];
    expect(imagesToRemove(images, keeps)).toEqual(['sha256:d2']);
  });
});
