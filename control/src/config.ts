import { z } from 'zod';
import { readEnvironment } from '../../builder/src/environment.js';
import { parseSecretKey } from '../../builder/src/queue/sealed.js';

export interface ControlConfig {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /** Seals tokens and variables at rest and on their way to the builder. */
  secretKey: Buffer;
  /** Local paths as repositories: tests and local git servers only, never production. */
  allowLocalSources: boolean;
  /** The built dashboard; absent in development, where Vite serves it. */
  webDir: string | undefined;
  deployments: {
    /** Names this install's containers and images, so that two installs on one engine leave each other's alone. */
    instance: string;
    /** Projects answer on `<slug>.<appsDomain>`. */
    appsDomain: string;
    traefikUrl: URL;
    routesDir: string;
    network: string;
    keepRunning: number;
    keepImages: number;
    healthTimeoutMs: number;
    drainMs: number;
    /** Let's Encrypt certificates through Traefik's resolver of that name in traefik/traefik.yml. */
    tls?: { certResolver: string };
  };
}

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  AETHER_WEB_DIR: z.string().min(1).optional(),
  AETHER_ALLOW_LOCAL_SOURCES: z.enum(['true', 'false']).default('false'),
  AETHER_INSTANCE: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "_" and "-"').default('aether'),
  AETHER_APPS_DOMAIN: z.string().min(1).default('localhost'),
  AETHER_TRAEFIK_URL: z.url({ protocol: /^http$/ }).default('http://traefik:80'),
  AETHER_ROUTES_DIR: z.string().min(1).default('/var/lib/aether/routes'),
  AETHER_APPS_NETWORK: z.string().min(1).default('aether-apps'),
  AETHER_KEEP_RUNNING: z.coerce.number().int().min(1).default(2),
  AETHER_KEEP_IMAGES: z.coerce.number().int().min(1).default(5),
  AETHER_HEALTH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(60),
  AETHER_DRAIN_SECONDS: z.coerce.number().min(0).default(5),
  AETHER_HTTPS: z.enum(['true', 'false']).default('false'),
});

export function controlConfig(env: Record<string, string | undefined>): ControlConfig {
  const vars = readEnvironment(schema, env, 'control configuration');
  return {
    port: vars.PORT,
    databaseUrl: vars.DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    secretKey: parseSecretKey(env.AETHER_SECRET_KEY),
    allowLocalSources: vars.AETHER_ALLOW_LOCAL_SOURCES === 'true',
    webDir: vars.AETHER_WEB_DIR,
    deployments: {
      instance: vars.AETHER_INSTANCE,
      appsDomain: vars.AETHER_APPS_DOMAIN,
      traefikUrl: new URL(vars.AETHER_TRAEFIK_URL),
      routesDir: vars.AETHER_ROUTES_DIR,
      network: vars.AETHER_APPS_NETWORK,
      keepRunning: vars.AETHER_KEEP_RUNNING,
      keepImages: Math.max(vars.AETHER_KEEP_IMAGES, vars.AETHER_KEEP_RUNNING),
      healthTimeoutMs: vars.AETHER_HEALTH_TIMEOUT_SECONDS * 1000,
      drainMs: vars.AETHER_DRAIN_SECONDS * 1000,
      ...(vars.AETHER_HTTPS === 'true' && { tls: { certResolver: 'letsencrypt' } }),
    },
  };
}
