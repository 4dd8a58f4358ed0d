import { describe, expect, it } from 'vitest';
import { buildDurationSeries, CHART_BUILDS } from './build-durations.js';

const none = { queuedMs: null, buildMs: null, deployMs: null, totalMs: null };
const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 12, minute)).toISOString();

describe('buildDurationSeries', () => {
  it('puts each finished build oldest first, in seconds, and leaves out the builds that never ran', () => {
    const series = buildDurationSeries([
      { createdAt: at(30), durations: { ...none, buildMs: 42_000 }, readyAt: null },
      { createdAt: at(20), durations: none, readyAt: null },
      { createdAt: at(10), durations: { ...none, buildMs: 61_500 }, readyAt: null },
    ]);
    expect(series.slice(0, 2)).toEqual([[Date.parse(at(10)) / 1000, Date.parse(at(30)) / 1000], [61.5, 42]]);
  });

  it('repeats the seconds of the builds that went live and leaves the others empty', () => {
    const [, , live] = buildDurationSeries([
      { createdAt: at(10), durations: { ...none, buildMs: 30_000 }, readyAt: at(11) },
      { createdAt: at(20), durations: { ...none, buildMs: 40_000 }, readyAt: null },
      { createdAt: at(30), durations: { ...none, buildMs: 50_000 }, readyAt: at(31) },
    ]);
    expect(live).toEqual([30, null, 50]);
  });

  it('keeps the newest builds only', () => {
    const many = Array.from({ length: CHART_BUILDS + 5 }, (_, i) => ({ createdAt: at(i), durations: { ...none, buildMs: i * 1000 }, readyAt: null }));
    const [, seconds, live] = buildDurationSeries(many);
    expect(seconds).toHaveLength(CHART_BUILDS);
    expect(live).toHaveLength(CHART_BUILDS);
    expect(seconds[0]).toBe(5);
  });
});
