import { describe, expect, it } from 'vitest';
import { controlConfig } from './config.js';

const secretKey = Buffer.alloc(32, 7);
const env = {
  DATABASE_URL: 'postgres://aether:pw@postgres:5432/aether',
  REDIS_URL: 'redis://redis:6379/0',
  AETHER_SECRET_KEY: secretKey.toString('base64'),
};

describe('controlConfig', () => {
  it('reads the stores and defaults the port', () => {
    expect(controlConfig(env)).toEqual({
      port: 3000,
      databaseUrl: env.DATABASE_URL,
      redisUrl: env.REDIS_URL,
      secretKey,
      allowLocalSources: false,
      webDir: undefined,
      dashboard: { origin: 'http://localhost:3000', host: 'localhost', cookies: { prefix: 'host', secure: true } },
      dashboardRoute: undefined,
      proxyHops: 0,
      deployments: {
        instance: 'aether',
        appsDomain: 'localhost',
        traefikUrl: new URL('http://traefik:80'),
        routesDir: '/var/lib/aether/routes',
        networks: { traefikContainer: 'aether-traefik', pool: { first: 0x0ad50000, prefix: 16 }, prefix: 27 },
        appLimits: { memoryMb: 512, maxMemoryMb: 2048, cpus: 1, maxCpus: 2 },
        keepRunning: 2,
        keepImages: 5,
        healthTimeoutMs: 60_000,
        drainMs: 5_000,
      },
      buildTimeoutMs: 900_000,
      reconcileMs: 30_000,
    });
  });

  it('names each missing or malformed variable', () => {
    expect(() => controlConfig({ REDIS_URL: 'http://redis' })).toThrow(/DATABASE_URL: .*; REDIS_URL: /);
    expect(() => controlConfig({ ...env, PORT: '99999' })).toThrow(/PORT: /);
    expect(() => controlConfig({ ...env, AETHER_KEEP_RUNNING: '0' })).toThrow(/AETHER_KEEP_RUNNING: /);
    expect(() => controlConfig({ ...env, AETHER_PROXY_HOPS: '-1' })).toThrow(/AETHER_PROXY_HOPS: /);
  });

  it('turns HTTPS on with the Let’s Encrypt resolver, and probes deployments on the HTTPS entrypoint', () => {
    const config = controlConfig({ ...env, AETHER_HTTPS: 'true' });
    expect(config.deployments.tls).toEqual({ certResolver: 'letsencrypt' });
    expect(config.deployments.traefikUrl.href).toBe('https://traefik/');
    expect(controlConfig(env).deployments.traefikUrl.href).toBe('http://traefik/');
    expect(() => controlConfig({ ...env, AETHER_HTTPS: 'yes' })).toThrow(/AETHER_HTTPS: /);
  });

  it('takes the wildcard certificate of the apps domain through a DNS challenge when a provider is named', () => {
    const config = controlConfig({ ...env, AETHER_HTTPS: 'true', AETHER_APPS_DOMAIN: 'apps.example.net', AETHER_ACME_DNS_PROVIDER: 'cloudflare' });
    expect(config.deployments.tls).toEqual({ certResolver: 'letsencrypt', wildcard: { certResolver: 'letsencrypt-wildcard', domain: 'apps.example.net' } });
    expect(() => controlConfig({ ...env, AETHER_ACME_DNS_PROVIDER: 'cloudflare' })).toThrow(/AETHER_ACME_DNS_PROVIDER: needs AETHER_HTTPS=true/);
    expect(() => controlConfig({ ...env, AETHER_HTTPS: 'true', AETHER_ACME_DNS_PROVIDER: 'Cloud Flare' })).toThrow(/AETHER_ACME_DNS_PROVIDER: /);
    expect(controlConfig({ ...env, AETHER_HTTPS: 'true', AETHER_ACME_DNS_PROVIDER: 'acme-dns' }).deployments.tls?.wildcard).toBeDefined();
  });

  it('writes the dashboard’s route from AETHER_DOMAIN, over HTTPS when HTTPS is on', () => {
    const plain = controlConfig({ ...env, AETHER_DOMAIN: 'aether.example.com', AETHER_APPS_DOMAIN: 'example.net' });
    expect(plain.dashboardRoute).toEqual({ host: 'aether.example.com', upstream: 'http://control:3000' });
    expect(plain.dashboard.origin).toBe('http://aether.example.com');
    const secure = controlConfig({ ...env, AETHER_DOMAIN: 'aether.example.com', AETHER_HTTPS: 'true' });
    expect(secure.dashboardRoute).toEqual({ host: 'aether.example.com', upstream: 'http://control:3000', tls: { certResolver: 'letsencrypt' } });
    expect(secure.dashboard).toEqual({ origin: 'https://aether.example.com', host: 'aether.example.com', cookies: { prefix: 'host', secure: true } });
    expect(() => controlConfig({ ...env, AETHER_DOMAIN: 'not a host' })).toThrow(/AETHER_DOMAIN: /);
  });

  it('refuses apps that could plant cookies on a dashboard served over plain HTTP', () => {
    for (const apps of ['aether.example.com', 'example.com', 'apps.example.com']) {
      expect(() => controlConfig({ ...env, AETHER_DOMAIN: 'aether.example.com', AETHER_APPS_DOMAIN: apps }), apps).toThrow(/AETHER_APPS_DOMAIN: over plain HTTP/);
    }
    expect(controlConfig({ ...env, AETHER_DOMAIN: 'aether.example.com', AETHER_APPS_DOMAIN: 'example.net' }).deployments.appsDomain).toBe('example.net');
    // Browsers take __Host- cookies over HTTPS and on localhost: no app can set the session there.
    expect(controlConfig({ ...env, AETHER_DOMAIN: 'aether.example.com', AETHER_APPS_DOMAIN: 'example.com', AETHER_HTTPS: 'true' }).deployments.appsDomain).toBe('example.com');
    expect(controlConfig({ ...env, AETHER_DOMAIN: 'aether.localhost', AETHER_APPS_DOMAIN: 'localhost' }).deployments.appsDomain).toBe('localhost');
  });

  it('refuses a dashboard host shaped like a deployment’s host', () => {
    expect(() => controlConfig({ ...env, AETHER_DOMAIN: '3f2a9c1e--blog.example.com', AETHER_APPS_DOMAIN: 'example.com', AETHER_HTTPS: 'true' })).toThrow(/AETHER_DOMAIN: /);
  });

  it('takes project networks’ blocks from the admin’s pool, which must hold one /27', () => {
    expect(controlConfig({ ...env, AETHER_APP_SUBNETS: '100.80.0.0/12' }).deployments.networks.pool).toEqual({ first: 0x64500000, prefix: 12 });
    expect(() => controlConfig({ ...env, AETHER_APP_SUBNETS: '10.213.0.0/28' })).toThrow(/AETHER_APP_SUBNETS: at least a \/27/);
    expect(() => controlConfig({ ...env, AETHER_APP_SUBNETS: '10.213.0.1/16' })).toThrow(/AETHER_APP_SUBNETS: .*host bits/);
    expect(() => controlConfig({ ...env, AETHER_KEEP_RUNNING: '27' })).toThrow(/AETHER_KEEP_RUNNING: at most 26/);
  });

  it('takes a pool of exactly one /27, and keeps exactly as many running as a /27 holds', () => {
    expect(controlConfig({ ...env, AETHER_APP_SUBNETS: '10.213.0.0/27' }).deployments.networks.pool).toEqual({ first: 0x0ad50000, prefix: 27 });
    expect(controlConfig({ ...env, AETHER_KEEP_RUNNING: '26' }).deployments.keepRunning).toBe(26);
  });

  it('lets the default memory and CPU equal the maximum', () => {
    const limits = { AETHER_APP_MEMORY_MB: '1024', AETHER_APP_MAX_MEMORY_MB: '1024', AETHER_APP_CPUS: '2', AETHER_APP_MAX_CPUS: '2' };
    expect(controlConfig({ ...env, ...limits }).deployments.appLimits).toEqual({ memoryMb: 1024, maxMemoryMb: 1024, cpus: 2, maxCpus: 2 });
  });

  it('gives the dashboard the origin browsers see: the published port when it is not the scheme’s own', () => {
    const local = { ...env, AETHER_DOMAIN: 'localhost', AETHER_APPS_DOMAIN: 'localhost' };
    expect(controlConfig(local).dashboard.origin).toBe('http://localhost');
    expect(controlConfig({ ...local, AETHER_HTTP_PORT: '8080' }).dashboard.origin).toBe('http://localhost:8080');
    expect(controlConfig({ ...local, AETHER_HTTP_PORT: '8080', AETHER_HTTPS: 'true' }).dashboard.origin).toBe('https://localhost');
    expect(controlConfig({ ...local, AETHER_HTTPS_PORT: '8443', AETHER_HTTPS: 'true' }).dashboard.origin).toBe('https://localhost:8443');
    expect(controlConfig({ ...local, AETHER_HTTP_PORT: '8080', AETHER_PUBLIC_URL: 'https://aether.example.com' }).dashboard.origin).toBe('https://aether.example.com');
    expect(() => controlConfig({ ...local, AETHER_HTTP_PORT: '0' })).toThrow(/AETHER_HTTP_PORT: /);
  });

  it('allows local paths as repositories only when told to, for tests', () => {
    expect(controlConfig(env).allowLocalSources).toBe(false);
    expect(controlConfig({ ...env, AETHER_ALLOW_LOCAL_SOURCES: 'true' }).allowLocalSources).toBe(true);
  });

  it('gives apps the admin’s default memory and CPU, never above the maximum', () => {
    const limits = { AETHER_APP_MEMORY_MB: '256', AETHER_APP_MAX_MEMORY_MB: '8192', AETHER_APP_CPUS: '0.5', AETHER_APP_MAX_CPUS: '4' };
    expect(controlConfig({ ...env, ...limits }).deployments.appLimits).toEqual({ memoryMb: 256, maxMemoryMb: 8192, cpus: 0.5, maxCpus: 4 });
    expect(() => controlConfig({ ...env, AETHER_APP_MEMORY_MB: '4096' })).toThrow(/AETHER_APP_MEMORY_MB: at most AETHER_APP_MAX_MEMORY_MB/);
    expect(() => controlConfig({ ...env, AETHER_APP_CPUS: '3' })).toThrow(/AETHER_APP_CPUS: at most AETHER_APP_MAX_CPUS/);
    expect(() => controlConfig({ ...env, AETHER_APP_MAX_MEMORY_MB: '8' })).toThrow(/AETHER_APP_MAX_MEMORY_MB: /);
  });

  it("reads the builder's time limit on a build, with the builder's bounds, and how often to reconcile", () => {
    expect(controlConfig({ ...env, AETHER_BUILD_TIMEOUT_SECONDS: '60', AETHER_RECONCILE_SECONDS: '5' })).toMatchObject({ buildTimeoutMs: 60_000, reconcileMs: 5_000 });
    expect(() => controlConfig({ ...env, AETHER_BUILD_TIMEOUT_SECONDS: '9' })).toThrow(/AETHER_BUILD_TIMEOUT_SECONDS: /);
    expect(() => controlConfig({ ...env, AETHER_RECONCILE_SECONDS: '0' })).toThrow(/AETHER_RECONCILE_SECONDS: /);
  });

  it('keeps at least the images of the deployments it keeps running', () => {
    expect(controlConfig({ ...env, AETHER_KEEP_RUNNING: '4', AETHER_KEEP_IMAGES: '1' }).deployments.keepImages).toBe(4);
  });

  it('serves metrics only with a token long enough not to be guessed', () => {
    const token = 'a'.repeat(32);
    expect(controlConfig({ ...env, AETHER_METRICS_TOKEN: token }).metricsToken).toBe(token);
    expect(controlConfig({ ...env, AETHER_METRICS_TOKEN: '' }).metricsToken).toBeUndefined();
    expect(() => controlConfig({ ...env, AETHER_METRICS_TOKEN: 'secret' })).toThrow(/AETHER_METRICS_TOKEN: /);
  });

  it('turns GitHub on with an OAuth app and the public URL, as compose passes them', () => {
    const github = { ...env, AETHER_GITHUB_CLIENT_ID: 'client', AETHER_GITHUB_CLIENT_SECRET: 'secret', AETHER_PUBLIC_URL: 'https://aether.example.com/' };
    expect(controlConfig(github).github).toEqual({
      url: 'https://github.com',
      apiUrl: 'https://api.github.com',
      clientId: 'client',
      clientSecret: 'secret',
      publicUrl: 'https://aether.example.com',
    });
    expect(controlConfig({ ...github, AETHER_GITHUB_URL: 'http://127.0.0.1:8080', AETHER_GITHUB_API_URL: 'http://127.0.0.1:8080/api/v3' }).github).toMatchObject({
      url: 'http://127.0.0.1:8080',
      apiUrl: 'http://127.0.0.1:8080/api/v3',
    });
    // Compose passes an unset variable as ''.
    expect(controlConfig({ ...env, AETHER_GITHUB_CLIENT_ID: '', AETHER_GITHUB_CLIENT_SECRET: '', AETHER_PUBLIC_URL: '', AETHER_GITHUB_URL: '' }).github).toBeUndefined();
  });

  it('refuses half a GitHub configuration, naming what is missing', () => {
    expect(() => controlConfig({ ...env, AETHER_GITHUB_CLIENT_ID: 'client' })).toThrow(/AETHER_GITHUB_CLIENT_SECRET/);
    expect(() => controlConfig({ ...env, AETHER_GITHUB_CLIENT_ID: 'client', AETHER_GITHUB_CLIENT_SECRET: 'secret' })).toThrow(/AETHER_PUBLIC_URL/);
    expect(() => controlConfig({ ...env, AETHER_GITHUB_API_URL: 'ftp://github' })).toThrow(/AETHER_GITHUB_API_URL: /);
  });

  describe('secrets from files, as compose generates them', () => {
    const files: Record<string, string> = {
      '/secrets/key/secret-key': `${secretKey.toString('base64')}\n`,
      '/secrets/database/password': 'p@ss/word',
    };
    const read = (path: string) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    };
    const compose = {
      DATABASE_URL: 'postgres://aether@postgres:5432/aether',
      REDIS_URL: env.REDIS_URL,
      AETHER_SECRET_KEY: '',
      AETHER_SECRET_KEY_FILE: '/secrets/key/secret-key',
      DATABASE_PASSWORD: '',
      DATABASE_PASSWORD_FILE: '/secrets/database/password',
    };

    it('reads the sealing key and the database password from their files', () => {
      const config = controlConfig(compose, read);
      expect(config.secretKey).toEqual(secretKey);
      expect(config.databaseUrl).toBe('postgres://aether:p%40ss%2Fword@postgres:5432/aether');
    });

    it('lets a value set in .env win over the generated file, as installs from before kept them', () => {
      const other = Buffer.alloc(32, 9);
      const config = controlConfig({ ...compose, AETHER_SECRET_KEY: other.toString('base64'), DATABASE_PASSWORD: 'from-env' }, read);
      expect(config.secretKey).toEqual(other);
      expect(config.databaseUrl).toBe('postgres://aether:from-env@postgres:5432/aether');
    });

    it('names the file it cannot read or whose key is malformed, never what it holds', () => {
      expect(() => controlConfig({ ...compose, AETHER_SECRET_KEY_FILE: '/nowhere' }, read)).toThrow(/AETHER_SECRET_KEY_FILE: cannot read \/nowhere \(ENOENT\)/);
      expect(() => controlConfig({ ...compose, DATABASE_PASSWORD_FILE: '/nowhere' }, read)).toThrow(/DATABASE_PASSWORD_FILE: cannot read \/nowhere/);
      expect(() => controlConfig({ ...compose, AETHER_SECRET_KEY_FILE: '/secrets/database/password' }, read)).toThrow(
        /^AETHER_SECRET_KEY_FILE \(\/secrets\/database\/password\): expected 32 bytes/,
      );
    });

    it('refuses a start with no sealing key, and a password given twice', () => {
      expect(() => controlConfig({ ...compose, AETHER_SECRET_KEY_FILE: '' }, read)).toThrow(/AETHER_SECRET_KEY: set it, or AETHER_SECRET_KEY_FILE/);
      expect(() => controlConfig({ ...compose, DATABASE_URL: 'postgres://aether:pw@postgres/aether' }, read)).toThrow(/DATABASE_URL: holds a password already/);
    });
  });
});
