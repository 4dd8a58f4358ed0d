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
      deployments: {
        instance: 'aether',
        appsDomain: 'localhost',
        traefikUrl: new URL('http://traefik:80'),
        routesDir: '/var/lib/aether/routes',
        network: 'aether-apps',
        keepRunning: 2,
        keepImages: 5,
        healthTimeoutMs: 60_000,
        drainMs: 5_000,
      },
    });
  });

  it('names each missing or malformed variable', () => {
    expect(() => controlConfig({ REDIS_URL: 'http://redis' })).toThrow(/DATABASE_URL: .*; REDIS_URL: /);
    expect(() => controlConfig({ ...env, PORT: '99999' })).toThrow(/PORT: /);
    expect(() => controlConfig({ ...env, AETHER_KEEP_RUNNING: '0' })).toThrow(/AETHER_KEEP_RUNNING: /);
  });

  it('turns HTTPS on with the Let’s Encrypt resolver', () => {
    expect(controlConfig({ ...env, AETHER_HTTPS: 'true' }).deployments.tls).toEqual({ certResolver: 'letsencrypt' });
    expect(() => controlConfig({ ...env, AETHER_HTTPS: 'yes' })).toThrow(/AETHER_HTTPS: /);
  });

  it('keeps at least the images of the deployments it keeps running', () => {
    expect(controlConfig({ ...env, AETHER_KEEP_RUNNING: '4', AETHER_KEEP_IMAGES: '1' }).deployments.keepImages).toBe(4);
  });
});
