import { describe, expect, it } from 'vitest';
import { addStepLines, type BuildStep, stepElapsedMs, stepState } from './steps.js';

const t = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();
const T = (seconds: number) => Date.parse(t(seconds));

const log = [
  { at: t(0), step: 0, stream: 'step', text: 'Checked out abc1234: fix' },
  { at: t(1), step: 1, stream: 'step', text: '[1/3] FROM node:20' },
  { at: t(1), step: 1, stream: 'step', text: 'CACHED' },
  { at: t(2), step: 2, stream: 'step', text: '[2/3] RUN npm ci' },
  { at: t(5), step: 2, stream: 'stdout', text: 'added 3 packages' },
  { at: t(9), step: 2, stream: 'step', text: 'DONE 7.0s' },
  { at: t(10), step: 3, stream: 'step', text: '[3/3] RUN npm run build' },
  { at: t(12), step: 3, stream: 'stderr', text: 'warning' },
];

describe('build steps from the log', () => {
  it('reads each step, where it starts in the log, and how it ended', () => {
    expect(addStepLines([], log, 0)).toEqual<BuildStep[]>([
      { number: 1, name: '[1/3] FROM node:20', line: 1, startedAt: T(1), lastAt: T(1), endedAt: T(1), outcome: 'cached' },
      { number: 2, name: '[2/3] RUN npm ci', line: 3, startedAt: T(2), lastAt: T(9), endedAt: T(9), outcome: 'done' },
      { number: 3, name: '[3/3] RUN npm run build', line: 6, startedAt: T(10), lastAt: T(12), endedAt: null, outcome: null },
    ]);
  });

  it('gives the same steps whatever the batches the lines arrive in', () => {
    const inBatches = addStepLines(addStepLines(addStepLines([], log.slice(0, 4), 0), log.slice(4, 7), 4), log.slice(7), 7);
    expect(inBatches).toEqual(addStepLines([], log, 0));
  });

  it('marks a failed step', () => {
    const steps = addStepLines([], [log[6]!, { at: t(14), step: 3, stream: 'step', text: 'ERROR: exit code: 1' }], 0);
    expect(steps[0]).toMatchObject({ outcome: 'failed', endedAt: T(14) });
  });

  it('times a running step until now, and a step the build left at its last line', () => {
    const running = addStepLines([], log, 0)[2]!;
    expect(stepElapsedMs(running, T(20), false)).toBe(10_000);
    expect(stepState(running, false)).toBe('running');
    expect(stepElapsedMs(running, T(20), true)).toBe(2_000);
    expect(stepState(running, true)).toBe('stopped');
    expect(stepElapsedMs(addStepLines([], log, 0)[1]!, T(20), false)).toBe(7_000);
  });
});
