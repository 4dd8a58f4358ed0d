import { tmpdir } from 'node:os';
import { z } from 'zod';
import { readEnvironment } from '../../shared/environment.js';
import { type BaseImages, baseImages } from './base-images.js';
import type { BuildLimits } from './engine/build-limits.js';

export interface BuilderConfig {
  redisUrl: string;
  /** Where control writes the key that opens build jobs (see queue/build-key-file.ts). */
  buildKeyFile: string;
  images: BaseImages;
  concurrency: number;
  /** Detections (a clone and a look, no build) that may run at once, beside the builds. */
  detectConcurrency: number;
  timeoutMs: number;
  lockTtlMs: number;
  workDir: string;
  /** Local paths and file:// repositories: for tests and local git servers, never production. */
  allowLocalSources: boolean;
  /** For all builds together; see engine/build-limits.ts. */
  limits: BuildLimits;
  /** Where the host's cgroup filesystem is mounted. */
  cgroupRoot: string;
  /** The build cache kept after each build; see engine/build-cache.ts. */
  cacheKeepBytes: number;
}

/** Compose passes an unset variable as '', which means the same as absent. */
const optionalNumber = (schema: z.ZodNumber) => z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().pipe(schema).optional());

const schema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  AETHER_BUILD_KEY_FILE: z.string().min(1),
  // The master key opens everything sealed at rest; a process that runs repositories' builds
  // must not hold it, so a configuration that still hands it over is refused.
  AETHER_SECRET_KEY: z.never({ message: 'the builder takes AETHER_BUILD_KEY_FILE instead; remove the master key from its environment' }).optional(),
  AETHER_BUILD_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  AETHER_DETECT_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  AETHER_BUILD_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(900),
  AETHER_BUILD_LOCK_SECONDS: z.coerce.number().int().min(1).default(60),
  AETHER_BUILD_DIR: z.string().min(1).default(tmpdir()),
  AETHER_ALLOW_LOCAL_SOURCES: z.enum(['true', 'false']).default('false'),
  AETHER_BUILD_MEMORY_MB: optionalNumber(z.number().int().min(256)),
  AETHER_BUILD_CPUS: optionalNumber(z.number().min(0.1)),
  AETHER_CGROUP_ROOT: z.string().min(1).default('/sys/fs/cgroup'),
  AETHER_BUILD_CACHE_GB: optionalNumber(z.number().min(0.1)),
});

export function builderConfig(env: Record<string, string | undefined>): BuilderConfig {
  const vars = readEnvironment(schema, env, 'builder configuration');
  return {
    redisUrl: vars.REDIS_URL,
    buildKeyFile: vars.AETHER_BUILD_KEY_FILE,
    images: baseImages(env),
    concurrency: vars.AETHER_BUILD_CONCURRENCY,
    detectConcurrency: vars.AETHER_DETECT_CONCURRENCY,
    timeoutMs: vars.AETHER_BUILD_TIMEOUT_SECONDS * 1000,
    lockTtlMs: vars.AETHER_BUILD_LOCK_SECONDS * 1000,
    workDir: vars.AETHER_BUILD_DIR,
    allowLocalSources: vars.AETHER_ALLOW_LOCAL_SOURCES === 'true',
    limits: {
      memoryBytes: vars.AETHER_BUILD_MEMORY_MB === undefined ? null : vars.AETHER_BUILD_MEMORY_MB * 1024 * 1024,
      cpus: vars.AETHER_BUILD_CPUS ?? null,
    },
    cgroupRoot: vars.AETHER_CGROUP_ROOT,
    cacheKeepBytes: Math.round((vars.AETHER_BUILD_CACHE_GB ?? 10) * 1e9),
  };
}
