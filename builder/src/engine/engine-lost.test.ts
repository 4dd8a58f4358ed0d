import { describe, expect, it } from 'vitest';
import { isEngineLost } from './engine-lost.js';
import { ImageBuildError } from './build-image.js';

const failure = (fields: Record<string, string>) => Object.assign(new Error('engine'), fields);

describe('isEngineLost', () => {
  it('takes a connection to the engine cut in the middle, or refused while it restarts, for the engine lost', () => {
    expect(isEngineLost(failure({ code: 'ECONNRESET' }))).toBe(true);
    expect(isEngineLost(failure({ code: 'EPIPE' }))).toBe(true);
    expect(isEngineLost(failure({ code: 'ECONNREFUSED', syscall: 'connect' }))).toBe(true);
    expect(isEngineLost(failure({ code: 'ENOENT', syscall: 'connect' }))).toBe(true);
  });

  it('leaves the build’s own failures failed: a step that failed, a program or file that is missing', () => {
    expect(isEngineLost(new ImageBuildError('process "/bin/sh -c npm run build" did not complete successfully: exit code: 1'))).toBe(false);
    expect(isEngineLost(failure({ code: 'ENOENT', syscall: 'spawn git' }))).toBe(false);
    expect(isEngineLost(failure({ code: 'ENOENT', syscall: 'open' }))).toBe(false);
    expect(isEngineLost(null)).toBe(false);
    expect(isEngineLost('aborted')).toBe(false);
  });
});
