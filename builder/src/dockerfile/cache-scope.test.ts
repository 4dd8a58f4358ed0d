import { describe, expect, it } from 'vitest';
import { runStepScope, scopeCacheMounts } from './cache-scope.js';
import { detected, IMAGES } from './dockerfile-stages.test-support.js';
import { generateDockerfile } from './index.js';
import type { CacheMount, Dockerfile } from './instructions.js';

function generated(files: Record<string, string>): Dockerfile {
  return generateDockerfile(detected(files), IMAGES, {}).dockerfile;
}

function caches(dockerfile: Dockerfile): CacheMount[] {
  return dockerfile.stages.flatMap((stage) => stage.instructions.flatMap((i) => (i.op === 'RUN' ? i.caches : [])));
}

describe('scopeCacheMounts', () => {
  it("gives every cache mount of a generated Dockerfile the project's own id", () => {
    const dockerfile = generated({ 'go.mod': 'module example.com/x\n\ngo 1.22\n', 'main.go': 'package main' });
    const mounts = caches(dockerfile);
    expect(mounts.length).toBeGreaterThan(0);
    expect(caches(scopeCacheMounts(dockerfile, 'shop'))).toEqual(mounts.map(({ target }) => ({ id: `shop${target}`, target })));
  });

  it('keeps two projects apart and leaves everything else as it was', () => {
    const dockerfile = generated({ 'package.json': '{"scripts":{"start":"node ."}}', 'package-lock.json': '{}' });
    expect(caches(scopeCacheMounts(dockerfile, 'a'))).toContainEqual({ id: 'a/root/.npm', target: '/root/.npm' });
    expect(caches(scopeCacheMounts(dockerfile, 'b'))).toContainEqual({ id: 'b/root/.npm', target: '/root/.npm' });
    const unscoped = scopeCacheMounts(dockerfile, 'a').stages.map((stage) => ({
      ...stage,
      instructions: stage.instructions.map((i) => (i.op === 'RUN' ? { ...i, caches: i.caches.map(({ target }) => ({ target })) } : i)),
    }));
    expect({ ...dockerfile, stages: unscoped }).toEqual(dockerfile);
  });

  it('refuses a scope that could break out of the mount option', () => {
    expect(() => scopeCacheMounts({ header: '', stages: [] }, 'a,target=/etc')).toThrow(/cache scope/);
  });
});

describe('runStepScope', () => {
  it("names a host of the project's own, and refuses a scope that could name another entry", () => {
    expect(runStepScope('shop')).toBe('shop.build.aether.internal:127.0.0.1');
    expect(runStepScope('shop')).not.toBe(runStepScope('shop2'));
    expect(() => runStepScope('a:1.2.3.4')).toThrow(/cache scope/);
  });
});
