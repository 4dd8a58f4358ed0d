import { describe, expect, it } from 'vitest';
import { baseImages } from './base-images.js';

describe('baseImages', () => {
  it('defaults to the official images', () => {
    expect(baseImages({})).toEqual({
      node: 'node:24-bookworm-slim',
      python: 'python:3.11-slim-bookworm',
      go: 'golang:1-bookworm',
      static: 'joseluisq/static-web-server:2',
    });
  });

  it('takes each image from its own variable', () => {
    const images = baseImages({
      AETHER_IMAGE_NODE: 'registry.local:5000/team/node:20',
      AETHER_IMAGE_STATIC: `sws@sha256:${'a'.repeat(64)}`,
    });
    expect(images.node).toBe('registry.local:5000/team/node:20');
    expect(images.static).toBe(`sws@sha256:${'a'.repeat(64)}`);
    expect(images.python).toBe('python:3.11-slim-bookworm');
  });

  it.each(['node:20; rm -rf /', 'Node:20', 'node:20 --privileged', ''])('names the variable holding %j', (bad) => {
    expect(() => baseImages({ AETHER_IMAGE_NODE: bad })).toThrow(/^invalid base image configuration: AETHER_IMAGE_NODE: expected a Docker image reference/);
  });
});
