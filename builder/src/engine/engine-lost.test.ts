import { describe, expect, it } from 'vitest';
import { ImageBuildError } from './build-image.js';
import { failedForTheEngine } from './engine-lost.js';

describe('failedForTheEngine', () => {
  it('takes a step the engine could not run, in its own words, for the engine’s failure', () => {
    expect(failedForTheEngine(new ImageBuildError('executor failed running [rm -rf node_modules]: failed to update store for object type *libnetwork.endpoint: open : no such file or directory'))).toBe(true);
  });

  it('leaves the app’s own failures to the user: a command that exited, a file the Dockerfile names that is not there', () => {
    expect(failedForTheEngine(new ImageBuildError('executor failed running [/bin/sh -c npm run build]: exit code: 1'))).toBe(false);
    expect(failedForTheEngine(new ImageBuildError('executor failed running [/bin/sh -c node build.js]: exit code: 137'))).toBe(false);
    expect(failedForTheEngine(new ImageBuildError('failed to compute cache key: "/app/missing.txt" not found: not found'))).toBe(false);
    expect(failedForTheEngine(new Error('executor failed running [x]: no such file'))).toBe(false);
  });
});
