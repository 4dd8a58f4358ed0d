import { describe, expect, it } from 'vitest';
import { baseImages } from '../base-images.js';
import { detect } from '../detect/index.js';
import { memoryTree } from '../detect/memory-tree.test-support.js';
import { runStepScope, scopeCacheMounts } from './cache-scope.js';
import { generateDockerfile } from './index.js';

function generated(files: Record<string, string>): string {
  const detection = detect(memoryTree(files));
  if (detection.kind === 'dockerfile') throw new Error('unexpected Dockerfile');
  return generateDockerfile(detection, baseImages({}), {});
}

describe('scopeCacheMounts', () => {
  it("gives every cache mount of a generated Dockerfile the project's own id", () => {
    const text = generated({ 'go.mod': 'module example.com/x\n\ngo 1.22\n', 'main.go': 'package main' });
    const mounts = text.match(/--mount=type=cache,\S+/g) ?? [];
    expect(mounts.length).toBeGreaterThan(0);
    const scoped = scopeCacheMounts(text, 'shop').match(/--mount=type=cache,\S+/g);
    expect(scoped).toEqual(mounts.map((m) => m.replace(/target=(\S+)/, 'id=shop$1,target=$1')));
  });

  it('keeps two projects apart and leaves everything else as it was', () => {
    const text = generated({ 'package.json': '{"scripts":{"start":"node ."}}', 'package-lock.json': '{}' });
    const a = scopeCacheMounts(text, 'a');
    const b = scopeCacheMounts(text, 'b');
    expect(a).toContain('--mount=type=cache,id=a/root/.npm,target=/root/.npm');
    expect(b).toContain('--mount=type=cache,id=b/root/.npm,target=/root/.npm');
    expect(a.replace(/id=a[^,]*,/g, '')).toBe(text);
  });

  it('refuses a scope that could break out of the mount option', () => {
    expect(() => scopeCacheMounts('RUN x', 'a,target=/etc')).toThrow(/cache scope/);
  });
});

describe('runStepScope', () => {
  it("names a host of the project's own, and refuses a scope that could name another entry", () => {
    expect(runStepScope('shop')).toBe('shop.build.aether.internal:127.0.0.1');
    expect(runStepScope('shop')).not.toBe(runStepScope('shop2'));
    expect(() => runStepScope('a:1.2.3.4')).toThrow(/cache scope/);
  });
});
