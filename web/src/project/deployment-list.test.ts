import { describe, expect, it } from 'vitest';
import { canRollBack, canVisit, filterDeployments, hasBranches, isCancelable, type ListedDeployment, rolloutProgress, shownDuration, triggerLabel } from './deployment-list.js';

const kept = { imageKept: true, containerKept: true };
const gone = { imageKept: false, containerKept: false };
const list: ListedDeployment[] = [
  { id: 'a', status: 'building', branch: 'main', ...gone },
  { id: 'b', status: 'ready', branch: 'feature/Login', ...kept },
  { id: 'c', status: 'failed', branch: 'main', ...gone },
  { id: 'd', status: 'ready', imageKept: true, containerKept: false },
  { id: 'e', status: 'ready', ...gone },
];

describe('filterDeployments', () => {
  it('keeps every deployment when no filter is set', () => {
    expect(filterDeployments(list, { status: '', branch: '' }).map((d) => d.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keeps one status', () => {
    expect(filterDeployments(list, { status: 'ready', branch: '' }).map((d) => d.id)).toEqual(['b', 'd', 'e']);
  });

  it('matches part of a branch in any case, and a deployment without a branch matches none', () => {
    expect(filterDeployments(list, { status: '', branch: ' login ' }).map((d) => d.id)).toEqual(['b']);
    expect(filterDeployments(list, { status: 'failed', branch: 'main' }).map((d) => d.id)).toEqual(['c']);
  });
});

describe('rolloutProgress', () => {
  it('says the step a rollout is at, where a failed one stopped, and nothing before a rollout or once live', () => {
    expect(rolloutProgress({ status: 'deploying', rolloutStep: 'probing' })).toBe('waiting for the app to answer');
    expect(rolloutProgress({ status: 'failed', rolloutStep: 'switching' })).toBe('failed while moving the production host to it');
    expect(rolloutProgress({ status: 'failed', rolloutStep: null })).toBeNull();
    expect(rolloutProgress({ status: 'ready', rolloutStep: 'switching' })).toBeNull();
    expect(rolloutProgress({ status: 'canceled', rolloutStep: 'starting' })).toBeNull();
  });
});

describe('actions', () => {
  it('cancels only a build that has not finished', () => {
    expect(['queued', 'building', 'deploying', 'ready', 'failed'].filter(isCancelable)).toEqual(['queued', 'building']);
  });

  it('rolls back to a deployment whose image is kept, never to the live one', () => {
    expect(list.filter((d) => canRollBack(d, 'b')).map((d) => d.id)).toEqual(['d']);
    expect(list.filter((d) => canRollBack(d, null)).map((d) => d.id)).toEqual(['b', 'd']);
  });

  it('visits a deployment whose container is kept running', () => {
    expect(list.filter(canVisit).map((d) => d.id)).toEqual(['b']);
  });

  it('gives branches a column only when a reply carries them', () => {
    expect(hasBranches(list)).toBe(true);
    expect(hasBranches([{ id: 'd', status: 'ready', ...kept }])).toBe(false);
  });

  it('calls a webhook a push', () => {
    expect(['webhook', 'manual', 'rollback'].map((t) => triggerLabel(t as 'webhook'))).toEqual(['push', 'manual', 'rollback']);
  });
});

describe('shownDuration', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  const none = { queuedMs: null, buildMs: null, deployMs: null, totalMs: null };

  it('is the whole time to live for a deployment that went live', () => {
    expect(shownDuration({ status: 'ready', createdAt: '2026-12-06T11:00:00Z', durations: { ...none, buildMs: 30_000, totalMs: 41_000 } }, now)).toBe(41_000);
  });

  it('counts up while a deployment is under way', () => {
    expect(shownDuration({ status: 'building', createdAt: '2026-12-06T11:59:15Z', durations: none }, now)).toBe(45_000);
  });

  it('is the build’s time for one that stopped short of live, and nothing for one that never started', () => {
    expect(shownDuration({ status: 'failed', createdAt: '2026-12-06T11:00:00Z', durations: { ...none, buildMs: 12_000 } }, now)).toBe(12_000);
    expect(shownDuration({ status: 'canceled', createdAt: '2026-12-06T11:00:00Z', durations: none }, now)).toBeNull();
  });
});
