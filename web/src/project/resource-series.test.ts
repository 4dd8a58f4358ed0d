import { describe, expect, it } from 'vitest';
import { cpuSeries, formatMebibytes, formatPercent, latestCpu, latestMemory, liveMarkers, memorySeries, spanInWords, statsWindow } from './resource-series.js';

const MIB = 1024 * 1024;
const at = (minute: number, second = 0) => new Date(Date.UTC(2026, 11, 6, 12, minute, second)).toISOString();
const unix = (iso: string) => Date.parse(iso) / 1000;
const samples = [
  { at: at(0, 10), cpuPercent: 2.5, memoryBytes: 80 * MIB, memoryLimitBytes: 512 * MIB },
  { at: at(0, 20), cpuPercent: 150, memoryBytes: 96 * MIB, memoryLimitBytes: 512 * MIB },
];

describe('the resource series', () => {
  it('turn samples into x in Unix seconds and CPU in percent', () => {
    expect(cpuSeries(samples)).toEqual([[unix(at(0, 10)), unix(at(0, 20))], [2.5, 150]]);
  });

  it('turn samples into memory and its limit in MiB', () => {
    expect(memorySeries(samples)).toEqual([[unix(at(0, 10)), unix(at(0, 20))], [80, 96], [512, 512]]);
  });

  it('give empty series for no samples', () => {
    expect(cpuSeries([])).toEqual([[], []]);
    expect(memorySeries([])).toEqual([[], [], []]);
  });
});

describe('statsWindow', () => {
  it('is the ten minutes up to now, in Unix seconds', () => {
    expect(statsWindow(Date.parse(at(30)))).toEqual([unix(at(20)), unix(at(30))]);
  });
});

describe('liveMarkers', () => {
  it('keeps when each deployment went live inside the window, oldest first, and none that never did', () => {
    const deployments = [{ readyAt: at(28) }, { readyAt: null }, { readyAt: at(5) }, { readyAt: at(21) }, { readyAt: at(31) }];
    expect(liveMarkers(deployments, statsWindow(Date.parse(at(30))))).toEqual([unix(at(21)), unix(at(28))]);
  });

  it('keeps a deployment that went live at the very start of the window', () => {
    expect(liveMarkers([{ readyAt: at(20) }], statsWindow(Date.parse(at(30))))).toEqual([unix(at(20))]);
  });
});

describe('the figures in words', () => {
  it('read the newest sample', () => {
    expect(latestCpu(samples)).toBe('now 150 %');
    expect(latestMemory(samples)).toBe('now 96 MiB of 512 MiB');
  });

  it('say when there is none yet', () => {
    expect(latestCpu([])).toBe('no figures yet');
    expect(latestMemory([])).toBe('no figures yet');
    expect(spanInWords([], formatPercent)).toBe('No figures yet');
  });

  it('keep a tenth of a percent below ten, and write GiB past 1024 MiB', () => {
    expect([0.42, 9.96, 12.4].map(formatPercent)).toEqual(['0.4 %', '10 %', '12 %']);
    expect([84.4, 1536].map(formatMebibytes)).toEqual(['84 MiB', '1.5 GiB']);
  });

  it('span from the lowest to the highest', () => {
    expect(spanInWords([12, 1, 30], formatPercent)).toBe('lowest 1.0 %, highest 30 %');
  });
});
