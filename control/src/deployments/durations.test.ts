import { describe, expect, it } from 'vitest';
import { deploymentDurations } from './durations.js';

const at = (seconds: number) => new Date(Date.UTC(2025, 0, 1, 12, 0, seconds));
const none = { buildStartedAt: null, buildFinishedAt: null, readyAt: null };

describe('deployment durations', () => {
  it('splits a deployment that went live into queue, build and deploy', () => {
    expect(deploymentDurations({ createdAt: at(0), buildStartedAt: at(2), buildFinishedAt: at(32), readyAt: at(40) })).toEqual({
      queuedMs: 2_000,
      buildMs: 30_000,
      deployMs: 8_000,
      totalMs: 40_000,
    });
  });

  it('has no duration for a phase that has not ended', () => {
    expect(deploymentDurations({ createdAt: at(0), ...none })).toEqual({ queuedMs: null, buildMs: null, deployMs: null, totalMs: null });
    expect(deploymentDurations({ createdAt: at(0), ...none, buildStartedAt: at(3) })).toEqual({ queuedMs: 3_000, buildMs: null, deployMs: null, totalMs: null });
    expect(deploymentDurations({ createdAt: at(0), ...none, buildStartedAt: at(3), buildFinishedAt: at(9) })).toMatchObject({ buildMs: 6_000, deployMs: null, totalMs: null });
  });

  it('counts a failed build, and nothing after it', () => {
    expect(deploymentDurations({ createdAt: at(0), buildStartedAt: at(1), buildFinishedAt: at(5), readyAt: null })).toEqual({
      queuedMs: 1_000,
      buildMs: 4_000,
      deployMs: null,
      totalMs: null,
    });
  });

  it('counts a rollback, which never builds, as deploying from the start', () => {
    expect(deploymentDurations({ createdAt: at(0), ...none, readyAt: at(6) })).toEqual({ queuedMs: null, buildMs: null, deployMs: 6_000, totalMs: 6_000 });
  });

  it('never reports a negative duration when clocks disagree', () => {
    expect(deploymentDurations({ createdAt: at(10), ...none, buildStartedAt: at(9) }).queuedMs).toBe(0);
  });
});
