import { describe, expect, it } from 'vitest';
import { builderConfig } from './config.js';

const env = { REDIS_URL: 'redis://redis:6379/0', AETHER_BUILD_KEY_FILE: '/var/lib/aether/build-key/key' };

describe('builderConfig', () => {
  it('has production defaults: official images, 2 builds at once, 15 minutes each, no local sources', () => {
    const config = builderConfig(env);
    expect(config).toMatchObject({ concurrency: 2, detectConcurrency: 4, timeoutMs: 900_000, lockTtlMs: 60_000, allowLocalSources: false });
    expect(config.images.node).toBe('node:24-bookworm-slim');
    expect(config.buildKeyFile).toBe('/var/lib/aether/build-key/key');
  });

  it('reads limits for all builds, where an empty variable means none', () => {
    expect(builderConfig(env).limits).toEqual({ memoryBytes: null, cpus: null });
    expect(builderConfig({ ...env, AETHER_BUILD_MEMORY_MB: '', AETHER_BUILD_CPUS: '' }).limits).toEqual({ memoryBytes: null, cpus: null });
    expect(builderConfig({ ...env, AETHER_BUILD_MEMORY_MB: '2048', AETHER_BUILD_CPUS: '1.5' }).limits).toEqual({ memoryBytes: 2048 * 1024 * 1024, cpus: 1.5 });
    expect(() => builderConfig({ ...env, AETHER_BUILD_MEMORY_MB: '100' })).toThrow(/AETHER_BUILD_MEMORY_MB: /);
  });

  it('keeps 10 GB of build cache unless told another size, of at least 0.1 GB', () => {
    expect(builderConfig(env).cacheKeepBytes).toBe(10e9);
    expect(builderConfig({ ...env, AETHER_BUILD_CACHE_GB: '' }).cacheKeepBytes).toBe(10e9);
    expect(builderConfig({ ...env, AETHER_BUILD_CACHE_GB: '2.5' }).cacheKeepBytes).toBe(2.5e9);
    expect(() => builderConfig({ ...env, AETHER_BUILD_CACHE_GB: '0' })).toThrow(/AETHER_BUILD_CACHE_GB: /);
  });

  it('allows local sources only when told to', () => {
    expect(builderConfig({ ...env, AETHER_ALLOW_LOCAL_SOURCES: 'true' }).allowLocalSources).toBe(true);
    expect(builderConfig({ ...env, AETHER_ALLOW_LOCAL_SOURCES: 'false' }).allowLocalSources).toBe(false);
  });

  it('names what is wrong', () => {
    expect(() => builderConfig({ ...env, AETHER_BUILD_CONCURRENCY: '0' })).toThrow(/AETHER_BUILD_CONCURRENCY: /);
    expect(() => builderConfig({ ...env, REDIS_URL: 'http://redis' })).toThrow(/^invalid builder configuration: REDIS_URL: /);
    expect(() => builderConfig({ ...env, AETHER_BUILD_KEY_FILE: '' })).toThrow(/AETHER_BUILD_KEY_FILE: /);
  });

  it('refuses the master key, which a process running builds must not hold', () => {
    expect(() => builderConfig({ ...env, AETHER_SECRET_KEY: 'c2VjcmV0' })).toThrow(/AETHER_SECRET_KEY: the builder takes AETHER_BUILD_KEY_FILE/);
  });
});
