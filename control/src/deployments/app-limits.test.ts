import { describe, expect, it } from 'vitest';
import { appResources, settingAboveLimit } from './app-limits.js';

const limits = { memoryMb: 512, maxMemoryMb: 2048, cpus: 1, maxCpus: 2 };

describe('app limits', () => {
  it('gives an app the admin’s default unless its project asks for its own', () => {
    expect(appResources({}, limits)).toEqual({ memoryMb: 512, cpus: 1 });
    expect(appResources({ memoryMb: 1024, cpus: 0.5 }, limits)).toEqual({ memoryMb: 1024, cpus: 0.5 });
  });

  it('holds a setting saved before the admin lowered the maximum to the maximum', () => {
    expect(appResources({ memoryMb: 1_048_576, cpus: 256 }, limits)).toEqual({ memoryMb: 2048, cpus: 2 });
  });

  it('refuses a project asking for a terabyte or 256 CPUs, naming the field', () => {
    expect(settingAboveLimit({ memoryMb: 1_048_576 }, limits)).toEqual({ field: 'settings.memoryMb', message: 'settings.memoryMb: at most 2048 on this install' });
    expect(settingAboveLimit({ cpus: 256 }, limits)).toEqual({ field: 'settings.cpus', message: 'settings.cpus: at most 2 on this install' });
    expect(settingAboveLimit({ memoryMb: 2048, cpus: 2 }, limits)).toBeNull();
    expect(settingAboveLimit({}, limits)).toBeNull();
  });
});
