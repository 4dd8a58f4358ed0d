import { tmpdir } from 'node:os';
import { z } from 'zod';
import { readEnvironment } from './environment.js';
import { type BaseImages, baseImages } from './base-images.js';
import { parseSecretKey } from './queue/sealed.js';

export interface BuilderConfig {
  redisUrl: string;
  secretKey: Buffer;
  images: BaseImages;
  concurrency: number;
  timeoutMs: number;
  lockTtlMs: number;
  workDir: string;
  /** Local paths and file:// repositories: for tests and local git servers, never production. */
  allowLocalSources: boolean;
}

const schema = z.object({
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  AETHER_BUILD_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
  AETHER_BUILD_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(900),
  AETHER_BUILD_LOCK_SECONDS: z.coerce.number().int().min(1).default(60),
  AETHER_BUILD_DIR: z.string().min(1).default(tmpdir()),
  AETHER_ALLOW_LOCAL_SOURCES: z.enum(['true', 'false']).default('false'),
});

export function builderConfig(env: Record<string, string | undefined>): BuilderConfig {
  const vars = readEnvironment(schema, env, 'builder configuration');
  return {
    redisUrl: vars.REDIS_URL,
    secretKey: parseSecretKey(env.AETHER_SECRET_KEY),
    images: baseImages(env),
    concurrency: vars.AETHER_BUILD_CONCURRENCY,
    timeoutMs: vars.AETHER_BUILD_TIMEOUT_SECONDS * 1000,
    lockTtlMs: vars.AETHER_BUILD_LOCK_SECONDS * 1000,
    workDir: vars.AETHER_BUILD_DIR,
    allowLocalSources: vars.AETHER_ALLOW_LOCAL_SOURCES === 'true',
  };
}
