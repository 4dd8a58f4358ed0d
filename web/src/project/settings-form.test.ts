import { describe, expect, it } from 'vitest';
import { bodyOf, formFieldOf, formOf } from './settings-form.js';

const project = { branch: 'main', rootDirectory: 'apps/web', settings: { port: 8080, buildCommand: 'npm run build', cpus: 0.5 }, autoDeploy: true };

describe('the build and runtime form', () => {
  it('shows a project’s settings as text, unset ones empty', () => {
    expect(formOf(project)).toEqual({
      branch: 'main',
      rootDirectory: 'apps/web',
      installCommand: '',
      buildCommand: 'npm run build',
      startCommand: '',
      outputDir: '',
      notFoundPage: '',
      port: '8080',
      healthCheckPath: '',
      memoryMb: '',
      cpus: '0.5',
      spaFallback: '',
      autoDeploy: true,
    });
  });

  it("keeps the static output's missing-path choice, yes, no or detected, across a save", () => {
    for (const spaFallback of [true, false]) {
      const form = formOf({ ...project, settings: { spaFallback, notFoundPage: 'missing.html' } });
      expect(form).toMatchObject({ spaFallback: String(spaFallback), notFoundPage: 'missing.html' });
      expect(bodyOf(form)).toMatchObject({ body: { settings: { spaFallback, notFoundPage: 'missing.html' } } });
    }
    expect(bodyOf({ ...formOf(project), spaFallback: '' })).toMatchObject({ body: { settings: { port: 8080, buildCommand: 'npm run build', cpus: 0.5 } } });
    expect(JSON.stringify(bodyOf({ ...formOf(project), spaFallback: '' }))).not.toContain('spaFallback');
  });

  it('sends what is set, numbers as numbers, and leaves empty settings out', () => {
    const form = { ...formOf(project), port: ' 3000 ', memoryMb: '512', buildCommand: '', healthCheckPath: '/healthz', autoDeploy: false };
    expect(bodyOf(form)).toEqual({ body: { branch: 'main', rootDirectory: 'apps/web', settings: { port: 3000, memoryMb: 512, cpus: 0.5, healthCheckPath: '/healthz' }, autoDeploy: false } });
  });

  it('refuses a number field that holds no number, naming it', () => {
    expect(bodyOf({ ...formOf(project), memoryMb: '1 GB' })).toEqual({ error: { field: 'memoryMb', message: 'must be a number' } });
    expect(bodyOf({ ...formOf(project), port: '80.5' })).toEqual({ error: { field: 'port', message: expect.stringContaining('whole number') } });
  });

  it('finds the field an API error names', () => {
    expect(formFieldOf('settings.port')).toBe('port');
    expect(formFieldOf('settings.memoryMb')).toBe('memoryMb');
    expect(formFieldOf('branch')).toBe('branch');
    expect(formFieldOf('settings')).toBeNull();
    expect(formFieldOf('slug')).toBeNull();
    expect(formFieldOf(undefined)).toBeNull();
  });
});
