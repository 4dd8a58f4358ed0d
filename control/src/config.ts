import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseSecretKey } from '../../contract/sealed.js';
import { readEnvironment } from '../../shared/environment.js';
import type { AppLimits } from './deployments/app-limits.js';
import { type ProjectNetworks, smallestPrefixFor } from './deployments/network-spec.js';
import { InvalidSubnet, parseSubnet } from './deployments/subnets.js';
import { appsShareCookies, type DashboardSite, dashboardSite } from './api/dashboard-site.js';
import { dashboardSlug } from './routing/deployment-hosts.js';
import { type Hostname, InvalidHostnameError, parseHostname } from './routing/hostname.js';
import { CERT_RESOLVER, type Tls, WILDCARD_CERT_RESOLVER } from './routing/traefik-labels.js';

export interface ControlConfig {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /** Seals tokens and variables at rest; build jobs are sealed with a key derived from it. */
  secretKey: Buffer;
  /** Where control writes that derived key for the builder at start-up; unset where the builder gets it otherwise. */
  buildKeyFile: string | undefined;
  /** Local paths as repositories: tests and local git servers only, never production. */
  allowLocalSources: boolean;
  /** The built dashboard; absent in development, where Vite serves it. */
  webDir: string | undefined;
  /** /metrics answers only requests that carry it as a Bearer token, and no one without it. */
  metricsToken: string | undefined;
  /** Where browsers reach the dashboard, which decides its cookies and the one origin its writes may come from. */
  dashboard: DashboardSite;
  /** The dashboard's route, which control writes for Traefik when AETHER_DOMAIN names its host. */
  dashboardRoute: { host: Hostname; upstream: string; tls?: Tls } | undefined;
  /**
   * How many proxies in front of control append to X-Forwarded-For (compose: Traefik, 1). Rate
   * limits take the client's address from there; 0 takes the socket's peer. See api/client-address.ts.
   */
  proxyHops: number;
  deployments: {
    /** Names this install's containers and images, so that two installs on one engine leave each other's alone. */
    instance: string;
    /** Projects answer on `<slug>.<appsDomain>`. */
    appsDomain: string;
    traefikUrl: URL;
    routesDir: string;
    networks: ProjectNetworks;
    appLimits: AppLimits;
    keepRunning: number;
    keepImages: number;
    healthTimeoutMs: number;
    drainMs: number;
    /** Let's Encrypt certificates through Traefik's resolvers of those names (the traefik service's flags in docker-compose.yml). */
    tls?: Tls;
  };
  /** Sign-in with GitHub, repository import and push webhooks; off without an OAuth app. */
  github: GitHubConfig | undefined;
  /** The builder's time limit on a build, the same setting: a build still held past it has a builder that stopped or hangs. */
  buildTimeoutMs: number;
  /** How often the reconciler repairs what a crash left: a deployment stuck by one is final within this after its limit. */
  reconcileMs: number;
}

export interface GitHubConfig {
  /** github.com, a GitHub Enterprise server, or a fake in tests: the sign-in pages are under it. */
  url: string;
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  /** Where browsers and GitHub reach control: the sign-in's redirect and the webhook's URL are under it. */
  publicUrl: string;
}

/**
 * Every project network is a /27: Traefik, up to 28 containers, and the network's own three
 * addresses. A /16 pool holds 2048 projects.
 */
const PROJECT_SUBNET_PREFIX = 27;
const MAX_KEEP_RUNNING = 2 ** (32 - PROJECT_SUBNET_PREFIX) - 4 - 2;

/** Compose passes an unset variable as '', which means the same as absent. */
const unsetIfEmpty = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);
const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

const schema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }),
  AETHER_WEB_DIR: z.string().min(1).optional(),
  AETHER_ALLOW_LOCAL_SOURCES: z.enum(['true', 'false']).default('false'),
  AETHER_INSTANCE: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "_" and "-"').default('aether'),
  AETHER_DOMAIN: unsetIfEmpty(z.string().min(1).optional()),
  AETHER_APPS_DOMAIN: z.string().min(1).default('localhost'),
  AETHER_CONTROL_URL: unsetIfEmpty(z.url({ protocol: /^http$/ }).default('http://control:3000')),
  AETHER_ACME_DNS_PROVIDER: unsetIfEmpty(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, "a DNS provider's name as Traefik spells it, such as cloudflare or acme-dns").optional()),
  AETHER_TRAEFIK_URL: unsetIfEmpty(z.url({ protocol: /^https?$/ }).optional()),
  AETHER_ROUTES_DIR: z.string().min(1).default('/var/lib/aether/routes'),
  AETHER_TRAEFIK_CONTAINER: z.string().min(1).default('aether-traefik'),
  AETHER_APP_SUBNETS: z
    .string()
    .default('10.213.0.0/16')
    .transform((text, ctx) => {
      try {
        return parseSubnet(text);
      } catch (error) {
        if (!(error instanceof InvalidSubnet)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
        return z.NEVER;
      }
    })
    .refine((pool) => pool.prefix <= PROJECT_SUBNET_PREFIX, `at least a /${PROJECT_SUBNET_PREFIX}, the block of one project`),
  AETHER_KEEP_RUNNING: z.coerce
    .number()
    .int()
    .min(1)
    // The kept containers, a rollout's new one, and one more while the rollout before retires its own.
    .refine((keep) => smallestPrefixFor(keep + 2) >= PROJECT_SUBNET_PREFIX, `at most ${MAX_KEEP_RUNNING}: a project's network holds that many`)
    .default(2),
  AETHER_APP_MEMORY_MB: z.coerce.number().int().min(16).default(512),
  AETHER_APP_MAX_MEMORY_MB: z.coerce.number().int().min(16).default(2048),
  AETHER_APP_CPUS: z.coerce.number().min(0.01).default(1),
  AETHER_APP_MAX_CPUS: z.coerce.number().min(0.01).default(2),
  AETHER_KEEP_IMAGES: z.coerce.number().int().min(1).default(5),
  AETHER_HEALTH_TIMEOUT_SECONDS: z.coerce.number().int().min(1).default(60),
  AETHER_DRAIN_SECONDS: z.coerce.number().min(0).default(5),
  AETHER_HTTPS: z.enum(['true', 'false']).default('false'),
  // Where Traefik's entrypoints are published on the host: off 80 and 443, the dashboard's origin names the port.
  AETHER_HTTP_PORT: unsetIfEmpty(z.coerce.number().int().min(1).max(65535).default(80)),
  AETHER_HTTPS_PORT: unsetIfEmpty(z.coerce.number().int().min(1).max(65535).default(443)),
  // The builder reads it too (builder/src/config.ts), with the same bounds and default.
  AETHER_BUILD_TIMEOUT_SECONDS: z.coerce.number().int().min(10).default(900),
  AETHER_RECONCILE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  AETHER_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  AETHER_METRICS_TOKEN: unsetIfEmpty(z.string().min(32, 'at least 32 characters (openssl rand -hex 32)').optional()),
  AETHER_GITHUB_URL: unsetIfEmpty(httpUrl.default('https://github.com')),
  AETHER_GITHUB_API_URL: unsetIfEmpty(httpUrl.default('https://api.github.com')),
  AETHER_GITHUB_CLIENT_ID: unsetIfEmpty(z.string().min(1).optional()),
  AETHER_GITHUB_CLIENT_SECRET: unsetIfEmpty(z.string().min(1).optional()),
  AETHER_PUBLIC_URL: unsetIfEmpty(httpUrl.optional()),
  AETHER_BUILD_KEY_FILE: unsetIfEmpty(z.string().min(1).optional()),
  // Each secret as a value or as a file that holds it (compose's generated ones); a value wins.
  AETHER_SECRET_KEY_FILE: unsetIfEmpty(z.string().min(1).optional()),
  DATABASE_PASSWORD: unsetIfEmpty(z.string().min(1).optional()),
  DATABASE_PASSWORD_FILE: unsetIfEmpty(z.string().min(1).optional()),
});

type Vars = z.infer<typeof schema>;

const invalid = (message: string) => new Error(`invalid control configuration: ${message}`);

function hostname(name: string, value: string): Hostname {
  try {
    return parseHostname(value);
  } catch (error) {
    if (error instanceof InvalidHostnameError) throw invalid(`${name}: ${error.reason}`);
    throw error;
  }
}

/** AETHER_PUBLIC_URL, or the dashboard's host with the scheme HTTPS gives it, and its published port. */
function publicUrl(vars: Vars): string | undefined {
  if (vars.AETHER_PUBLIC_URL !== undefined) return vars.AETHER_PUBLIC_URL;
  if (vars.AETHER_DOMAIN === undefined) return undefined;
  const [scheme, port] = vars.AETHER_HTTPS === 'true' ? ['https', vars.AETHER_HTTPS_PORT] : ['http', vars.AETHER_HTTP_PORT];
  // The URL drops the scheme's default port.
  return new URL(`${scheme}://${hostname('AETHER_DOMAIN', vars.AETHER_DOMAIN)}:${port}`).origin;
}

function tlsConfig(vars: Vars, appsDomain: Hostname): Tls | undefined {
  if (vars.AETHER_HTTPS !== 'true') {
    if (vars.AETHER_ACME_DNS_PROVIDER !== undefined) throw invalid('AETHER_ACME_DNS_PROVIDER: needs AETHER_HTTPS=true');
    return undefined;
  }
  return {
    certResolver: CERT_RESOLVER,
    ...(vars.AETHER_ACME_DNS_PROVIDER !== undefined && { wildcard: { certResolver: WILDCARD_CERT_RESOLVER, domain: appsDomain } }),
  };
}

/**
 * The dashboard keeps its host and its session to itself: no project's host may be the
 * dashboard's, and where its cookies cannot be `__Host-` no app may run where it could set one.
 */
function checkDashboard(dashboard: DashboardSite, appsDomain: Hostname): void {
  if (dashboardSlug(dashboard.host, appsDomain)?.includes('--')) {
    throw invalid(`AETHER_DOMAIN: ${dashboard.host} has the shape of a deployment's host under AETHER_APPS_DOMAIN`);
  }
  if (dashboard.cookies.prefix !== 'host' && appsShareCookies(dashboard.host, appsDomain)) {
    throw invalid(
      `AETHER_APPS_DOMAIN: over plain HTTP, apps under ${appsDomain} could set cookies that the dashboard at ${dashboard.host} reads ` +
        '(its session among them): serve the dashboard over HTTPS (AETHER_HTTPS=true), or put apps on a domain of their own',
    );
  }
}

function gitHubConfig(vars: Vars, publicUrl: string | undefined): GitHubConfig | undefined {
  const { AETHER_GITHUB_CLIENT_ID: clientId, AETHER_GITHUB_CLIENT_SECRET: clientSecret } = vars;
  if (clientId === undefined && clientSecret === undefined) return undefined;
  if (clientId === undefined || clientSecret === undefined) {
    throw new Error('invalid control configuration: set both AETHER_GITHUB_CLIENT_ID and AETHER_GITHUB_CLIENT_SECRET, or neither');
  }
  if (publicUrl === undefined) throw new Error('invalid control configuration: AETHER_PUBLIC_URL: required for GitHub sign-in');
  return { url: vars.AETHER_GITHUB_URL, apiUrl: vars.AETHER_GITHUB_API_URL, clientId, clientSecret, publicUrl };
}

/** Reads a secret's file; a parameter so that tests read no disk. */
export type ReadSecretFile = (path: string) => string;

const readSecretFile: ReadSecretFile = (path) => readFileSync(path, 'utf8');

/** The variable's value when set, else what the file its `_FILE` twin names holds, else undefined. */
function secret(env: Record<string, string | undefined>, name: string, read: ReadSecretFile): { text: string; from: string } | undefined {
  const value = env[name];
  if (value !== undefined && value !== '') return { text: value, from: name };
  const path = env[`${name}_FILE`];
  if (path === undefined || path === '') return undefined;
  try {
    // A file written by hand (`openssl rand -base64 32 > file`) ends in a newline.
    return { text: read(path).trim(), from: `${name}_FILE (${path})` };
  } catch (error) {
    // The error's code only: nothing of what the file may hold.
    throw invalid(`${name}_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

function secretKey(env: Record<string, string | undefined>, read: ReadSecretFile): Buffer {
  const key = secret(env, 'AETHER_SECRET_KEY', read);
  if (key === undefined) throw invalid('AETHER_SECRET_KEY: set it, or AETHER_SECRET_KEY_FILE to the file that holds it');
  return parseSecretKey(key.text, key.from);
}

/** DATABASE_URL with the password from DATABASE_PASSWORD or its file, when one is set. */
function databaseUrl(vars: Vars, env: Record<string, string | undefined>, read: ReadSecretFile): string {
  const password = secret(env, 'DATABASE_PASSWORD', read);
  if (password === undefined) return vars.DATABASE_URL;
  const url = new URL(vars.DATABASE_URL);
  if (url.password !== '') throw invalid('DATABASE_URL: holds a password already; remove it, or DATABASE_PASSWORD and DATABASE_PASSWORD_FILE');
  url.password = encodeURIComponent(password.text);
  return url.href;
}

function appLimits(vars: z.infer<typeof schema>): AppLimits {
  const limits = { memoryMb: vars.AETHER_APP_MEMORY_MB, maxMemoryMb: vars.AETHER_APP_MAX_MEMORY_MB, cpus: vars.AETHER_APP_CPUS, maxCpus: vars.AETHER_APP_MAX_CPUS };
  if (limits.memoryMb > limits.maxMemoryMb) throw invalid('AETHER_APP_MEMORY_MB: at most AETHER_APP_MAX_MEMORY_MB');
  if (limits.cpus > limits.maxCpus) throw invalid('AETHER_APP_CPUS: at most AETHER_APP_MAX_CPUS');
  return limits;
}

export function controlConfig(env: Record<string, string | undefined>, read: ReadSecretFile = readSecretFile): ControlConfig {
  const vars = readEnvironment(schema, env, 'control configuration');
  const appsDomain = hostname('AETHER_APPS_DOMAIN', vars.AETHER_APPS_DOMAIN);
  const url = publicUrl(vars);
  const dashboard = dashboardSite(url ?? `http://localhost:${vars.PORT}`);
  checkDashboard(dashboard, appsDomain);
  const tls = tlsConfig(vars, appsDomain);
  return {
    port: vars.PORT,
    databaseUrl: databaseUrl(vars, env, read),
    redisUrl: vars.REDIS_URL,
    secretKey: secretKey(env, read),
    buildKeyFile: vars.AETHER_BUILD_KEY_FILE,
    allowLocalSources: vars.AETHER_ALLOW_LOCAL_SOURCES === 'true',
    webDir: vars.AETHER_WEB_DIR,
    metricsToken: vars.AETHER_METRICS_TOKEN,
    dashboard,
    dashboardRoute:
      vars.AETHER_DOMAIN === undefined
        ? undefined
        : { host: hostname('AETHER_DOMAIN', vars.AETHER_DOMAIN), upstream: vars.AETHER_CONTROL_URL, ...(tls && { tls }) },
    proxyHops: vars.AETHER_PROXY_HOPS,
    deployments: {
      instance: vars.AETHER_INSTANCE,
      appsDomain,
      // With HTTPS every host's plain-HTTP router only redirects: probes ask the HTTPS entrypoint.
      traefikUrl: new URL(vars.AETHER_TRAEFIK_URL ?? (tls ? 'https://traefik:443' : 'http://traefik:80')),
      routesDir: vars.AETHER_ROUTES_DIR,
      networks: { traefikContainer: vars.AETHER_TRAEFIK_CONTAINER, pool: vars.AETHER_APP_SUBNETS, prefix: PROJECT_SUBNET_PREFIX },
      appLimits: appLimits(vars),
      keepRunning: vars.AETHER_KEEP_RUNNING,
      keepImages: Math.max(vars.AETHER_KEEP_IMAGES, vars.AETHER_KEEP_RUNNING),
      healthTimeoutMs: vars.AETHER_HEALTH_TIMEOUT_SECONDS * 1000,
      drainMs: vars.AETHER_DRAIN_SECONDS * 1000,
      ...(tls && { tls }),
    },
    github: gitHubConfig(vars, url),
    buildTimeoutMs: vars.AETHER_BUILD_TIMEOUT_SECONDS * 1000,
    reconcileMs: vars.AETHER_RECONCILE_SECONDS * 1000,
  };
}
