import { describe, expect, it } from 'vitest';
import { withMajorVersion } from './image-tag.js';

describe('withMajorVersion', () => {
  it.each([
    ['node:20-bookworm-slim', 'node:22-bookworm-slim'],
    ['node:20', 'node:22'],
    ['node:20.11.1-alpine', 'node:22-alpine'],
    ['registry.local:5000/team/node:20-slim', 'registry.local:5000/team/node:22-slim'],
    ['aether-testbed/node:20-bookworm-slim', 'aether-testbed/node:22-bookworm-slim'],
  ])('%s → %s', (reference, swapped) => {
    expect(withMajorVersion(reference, 22)).toBe(swapped);
  });

  it.each(['node:lts-slim', 'node:lts-alpine3.20', 'node', '20-node', 'registry.local:5000/node', `node:20@sha256:${'a'.repeat(64)}`, `node@sha256:${'1'.repeat(64)}`])(
    'keeps %s, whose version it cannot tell or must not change',
    (reference) => {
      expect(withMajorVersion(reference, 22)).toBe(reference);
    },
  );
});
