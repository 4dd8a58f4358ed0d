import { describe, expect, it } from 'vitest';
import { parse } from '../../../shared/refusal.js';
import { buildSettingsOf, projectSettingsSchema } from './project-settings.js';

describe('project settings', () => {
  it('refuses a field nobody declared, naming it, instead of storing it unused', () => {
    expect(() => parse(projectSettingsSchema, { healthCheckPth: '/up' })).toThrow(/healthCheckPth/);
  });

  it('checks the build fields with the rules the builder applies', () => {
    expect(() => parse(projectSettingsSchema, { buildCommand: 'make\nRUN curl evil' })).toThrow(/^buildCommand: must be a single line/);
  });

  it('hands the build job the build fields only', () => {
    const settings = { buildCommand: 'make', port: 8080, healthCheckPath: '/up', memoryMb: 256, cpus: 0.5 };
    expect(buildSettingsOf(settings)).toEqual({ buildCommand: 'make', port: 8080 });
  });
});
