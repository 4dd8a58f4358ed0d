import { describe, expect, it } from 'vitest';
import { type BuildEvidence, buildJobFacts, buildJobState, judgeWaitingBuild, lostBuilds, type WaitingBuild } from './lost-builds.js';

const now = new Date('2025-01-01T12:00:00Z');
const old: WaitingBuild = { status: 'building', createdAt: new Date(now.getTime() - 10 * 60_000) };
const fresh: WaitingBuild = { status: 'queued', createdAt: new Date(now.getTime() - 5_000) };
const evidence = (fields: Partial<BuildEvidence>): BuildEvidence => ({ job: 'pending', runningSince: null, timeLimitMs: 900_000, eventsPending: false, now, lostAfterMs: 120_000, ...fields });

describe('a deployment waiting for its build', () => {
  it('reads BullMQ job states as pending, finished or missing', () => {
    for (const state of ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']) expect(buildJobState(state), state).toBe('pending');
    expect(buildJobState('completed')).toBe('finished');
    expect(buildJobState('failed')).toBe('finished');
    expect(buildJobState('unknown')).toBe('missing');
  });

  it('knows since when a worker holds a job only while it is active', () => {
    expect(buildJobFacts('active', now.getTime())).toEqual({ job: 'pending', runningSince: now });
    // A job delayed for its project's lock keeps the time a worker last took it.
    expect(buildJobFacts('delayed', now.getTime())).toEqual({ job: 'pending', runningSince: null });
    expect(buildJobFacts('active', undefined)).toEqual({ job: 'pending', runningSince: null });
  });

  it('fails a build a worker holds past its time limit (a builder that hangs), saying so', () => {
    const since = (ms: number) => new Date(now.getTime() - ms);
    expect(judgeWaitingBuild(old, evidence({ runningSince: since(900_001), timeLimitMs: 900_000 }))).toEqual({
      kind: 'fail',
      error: 'the build ran past its time limit of 900 s and the builder never reported its end: it stopped or hangs',
    });
    expect(judgeWaitingBuild(old, evidence({ runningSince: since(900_000), timeLimitMs: 900_000 }))).toEqual({ kind: 'keep' });
    // Not the first attempt's start: a build taken up again after a builder's crash has its own limit.
    expect(judgeWaitingBuild(old, evidence({ runningSince: since(1_000), timeLimitMs: 900_000 }))).toEqual({ kind: 'keep' });
  });

  it('leaves a build past its time limit to the outcome its builder reported', () => {
    expect(judgeWaitingBuild(old, evidence({ runningSince: new Date(0), eventsPending: true }))).toEqual({ kind: 'keep' });
  });

  it('judges a young build by its time limit too, not only once a lost one could be told', () => {
    const young: WaitingBuild = { status: 'building', createdAt: new Date(now.getTime() - 20_000) };
    expect(judgeWaitingBuild(young, evidence({ runningSince: new Date(now.getTime() - 15_000), timeLimitMs: 10_000 })).kind).toBe('fail');
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
      ['hung', 'pending' as const],
    ]);
    waiting.push({ id: 'hung', ...old });
    const running = new Map([
      ['still-queued', new Date(now.getTime() - 1_000)],
      ['hung', new Date(now.getTime() - 900_001)],
    ]);
    expect(lostBuilds(waiting, { jobs, running, pending: new Set(['ended-events-waiting']), now, lostAfterMs: 120_000, timeLimitMs: 900_000 })).toEqual([
      { id: 'lost', error: 'the build was lost: the builder no longer holds it' },
      { id: 'ended-unheard', error: 'the build ended, but its outcome never reached control; the deployment was still queued' },
      { id: 'hung', error: 'the build ran past its time limit of 900 s and the builder never reported its end: it stopped or hangs' },
    ]);
  });
});
