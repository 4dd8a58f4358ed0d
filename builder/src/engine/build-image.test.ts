import { describe, expect, it } from 'vitest';
import { ImageBuildError, imageIdFrom } from './build-image.js';

describe('imageIdFrom', () => {
  it('takes the image ID the engine reports at the end of a build', () => {
    const messages = [{ id: 'moby.buildkit.trace' }, { id: 'moby.image.id', aux: { ID: 'sha256:abc' } }];
    expect(imageIdFrom(messages)).toBe('sha256:abc');
  });

  it("fails with the engine's own message", () => {
    const messages = [{ errorDetail: { message: 'process "/bin/sh -c npm ci" did not complete successfully: exit code: 1' }, error: 'x' }];
    expect(() => imageIdFrom(messages)).toThrow(new ImageBuildError('process "/bin/sh -c npm ci" did not complete successfully: exit code: 1'));
  });

  it('fails when an image ID follows an error', () => {
    expect(() => imageIdFrom([{ error: 'boom' }, { id: 'moby.image.id', aux: { ID: 'sha256:abc' } }])).toThrow('boom');
  });

  it('fails when no image is named', () => {
    expect(() => imageIdFrom([{ id: 'moby.buildkit.trace' }])).toThrow(/without naming an image/);
  });
});
