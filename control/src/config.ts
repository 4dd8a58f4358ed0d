import { z } from 'zod';
import { readEnvironment } from '../../builder/src/environment.js';

export interface ControlConfig {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /** The built dashboard; absent in development, where Vite serves it. */
  webDir: string | undefined;
}

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  AETHER_WEB_DIR: z.string().min(1).optional(),
});

export function controlConfig(env: Record<string, string | undefined>): ControlConfig {
  const vars = readEnvironment(schema, env, 'control configuration');
  return { port: vars.PORT, databaseUrl: vars.DATABASE_URL, redisUrl: vars.REDIS_URL, webDir: vars.AETHER_WEB_DIR };
}
