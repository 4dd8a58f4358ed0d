import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { runtimeState } from './runtime-state.js';

function inspected(state: Partial<Docker.ContainerInspectInfo['State']>, restarts = 0): Docker.ContainerInspectInfo {
  const base = { Running: false, Restarting: false, OOMKilled: false, ExitCode: 0, StartedAt: '2026-11-23T10:00:00Z', FinishedAt: '0001-01-01T00:00:00Z' };
  return { State: { ...base, ...state }, RestartCount: restarts } as Docker.ContainerInspectInfo;
}

describe('runtimeState', () => {
  it('shows a serving container, and how often it was restarted', () => {
    expect(runtimeState(inspected({ Running: true }, 3))).toEqual({ state: 'running', since: new Date('2026-11-23T10:00:00Z'), restarts: 3 });
  });

  it('shows a crash loop with the exit code, although Docker will start it again', () => {
    expect(runtimeState(inspected({ Running: true, Restarting: true, ExitCode: 1 }, 7))).toEqual({ state: 'restarting', restarts: 7, exitCode: 1 });
  });

  it('shows a container that stopped, and whether memory ran out', () => {
    expect(runtimeState(inspected({ ExitCode: 137, OOMKilled: true, FinishedAt: '2026-11-23T10:05:00Z' }))).toEqual({
      state: 'exited',
      exitCode: 137,
      at: new Date('2026-11-23T10:05:00Z'),
      oomKilled: true,
    });
  });

  it('shows a container that is gone', () => {
    expect(runtimeState(null)).toEqual({ state: 'missing' });
  });
});
