import { describe, expect, it } from 'vitest';
import { buildQuery, ImageBuildError, imageIdFrom } from './build-image.js';

describe('imageIdFrom', () => {
  it('takes the image ID the engine reports at the end of a build', () => {
    const messages = [{ id: 'moby.buildkit.trace' }, { id: 'moby.image.id', aux: { ID: 'sha256:abc' } }];
    expect(imageIdFrom(messages)).toBe('sha256:abc');
  });

  it("fails with the engine's own message", () => {
    const messages = [{ errorDetail: { message: 'process "/bin/sh -c npm ci" did not complete successfully: exit code: 1' }, error: 'x' }];
    expect(() => imageIdFrom(messages)).toThrow(new ImageBuildError('process "/bin/sh -c npm ci" did not complete successfully: exit code: 1'));
  });

  it('fails on an error detail alone, even with an image ID after it', () => {
    const messages = [{ errorDetail: { message: 'exit code: 2' } }, { id: 'moby.image.id', aux: { ID: 'sha256:abc' } }];
    expect(() => imageIdFrom(messages)).toThrow(new ImageBuildError('exit code: 2'));
  });

  it('fails when an image ID follows an error', () => {
    expect(() => imageIdFrom([{ error: 'boom' }, { id: 'moby.image.id', aux: { ID: 'sha256:abc' } }])).toThrow('boom');
  });

  it('fails when no image is named', () => {
    expect(() => imageIdFrom([{ id: 'moby.buildkit.trace' }])).toThrow(/without naming an image/);
  });
});

describe('buildQuery', () => {
  it('names the session that offers the secrets, and passes the rest as the engine reads it', () => {
    const query = buildQuery({ dockerfile: 'Dockerfile', tag: 'app:1', buildArgs: { A: '1' }, extraHosts: ['p.build.aether.internal:127.0.0.1'] }, 'session-1');
    expect(query).toEqual({
      version: '2',
      session: 'session-1',
      dockerfile: 'Dockerfile',
      t: 'app:1',
      buildargs: { A: '1' },
      labels: {},
      nocache: false,
      extrahosts: ['p.build.aether.internal:127.0.0.1'],
    });
  });
});
