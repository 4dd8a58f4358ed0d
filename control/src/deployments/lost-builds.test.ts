import { describe, expect, it } from 'vitest';
import { type BuildEvidence, buildJobState, judgeWaitingBuild, lostBuilds, type WaitingBuild } from './lost-builds.js';

const now = new Date('2025-01-01T12:00:00Z');
const old: WaitingBuild = { status: 'building', createdAt: new Date(now.getTime() - 10 * 60_000) };
const fresh: WaitingBuild = { status: 'queued', createdAt: new Date(now.getTime() - 5_000) };
const evidence = (fields: Partial<BuildEvidence>): BuildEvidence => ({ job: 'pending', eventsPending: false, now, lostAfterMs: 120_000, ...fields });

describe('a deployment waiting for its build', () => {
  it('reads BullMQ job states as pending, finished or missing', () => {
    for (const state of ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']) expect(buildJobState(state), state).toBe('pending');
    expect(buildJobState('completed')).toBe('finished');
    expect(buildJobState('failed')).toBe('finished');
    expect(buildJobState('unknown')).toBe('missing');
  });

  it('leaves a deployment past its build alone', () => {
    expect(judgeWaitingBuild({ ...old, status: 'deploying' }, evidence({ job: 'missing' }))).toEqual({ kind: 'keep' });
  });

  it('keeps waiting while the queue holds the job, however old', () => {
    expect(judgeWaitingBuild(old, evidence({ job: 'pending' }))).toEqual({ kind: 'keep' });
  });

  it('a build that finished while control was away is left to its events, which are still in Redis', () => {
    expect(judgeWaitingBuild(old, evidence({ job: 'finished', eventsPending: true }))).toEqual({ kind: 'keep' });
    expect(judgeWaitingBuild(old, evidence({ job: 'missing', eventsPending: true }))).toEqual({ kind: 'keep' });
  });

  it('gives a build that may not have reached the queue yet its grace', () => {
    expect(judgeWaitingBuild(fresh, evidence({ job: 'missing' }))).toEqual({ kind: 'keep' });
    expect(judgeWaitingBuild(fresh, evidence({ job: 'finished' }))).toEqual({ kind: 'keep' });
  });

  it('ends the grace once the build is as old as it', () => {
    const atGrace: WaitingBuild = { status: 'queued', createdAt: new Date(now.getTime() - 120_000) };
    expect(judgeWaitingBuild(atGrace, evidence({ job: 'missing' })).kind).toBe('fail');
  });

  it('fails a build the queue lost, saying so', () => {
    expect(judgeWaitingBuild(old, evidence({ job: 'missing' }))).toEqual({ kind: 'fail', error: 'the build was lost: the builder no longer holds it' });
  });

  it('fails a build that ended with every event applied yet left the deployment waiting, saying so', () => {
    expect(judgeWaitingBuild(old, evidence({ job: 'finished' }))).toEqual({
      kind: 'fail',
      error: 'the build ended, but its outcome never reached control; the deployment was still building',
    });
  });
});

describe('the builds the reconciler fails', () => {
  it('fails each build by its own job and events, with the error it records, and no other', () => {
    const waiting = [
      { id: 'lost', ...old },
      { id: 'ended-unheard', ...old, status: 'queued' as const },
      { id: 'ended-events-waiting', ...old },
      { id: 'still-queued', ...old },
      { id: 'just-made', ...fresh },
    ];
    const jobs = new Map([
      ['lost', 'missing' as const],
      ['ended-unheard', 'finished' as const],
      ['ended-events-waiting', 'finished' as const],
      ['still-queued', 'pending' as const],
      ['just-made', 'missing' as const],
    ]);
    expect(lostBuilds(waiting, { jobs, pending: new Set(['ended-events-waiting']), now, lostAfterMs: 120_000 })).toEqual([
      { id: 'lost', error: 'the build was lost: the builder no longer holds it' },
      { id: 'ended-unheard', error: 'the build ended, but its outcome never reached control; the deployment was still queued' },
    ]);
  });
});
