import { describe, expect, it } from 'vitest';
import { controlConfig } from './config.js';

const env = { DATABASE_URL: 'postgres://aether:pw@postgres:5432/aether', REDIS_URL: 'redis://redis:6379/0' };

describe('controlConfig', () => {
  it('reads the stores and defaults the port', () => {
    expect(controlConfig(env)).toEqual({
      port: 3000,
      databaseUrl: env.DATABASE_URL,
      redisUrl: env.REDIS_URL,
      webDir: undefined,
    });
  });

  it('names each missing or malformed variable', () => {
    expect(() => controlConfig({ REDIS_URL: 'http://redis' })).toThrow(/DATABASE_URL: .*; REDIS_URL: /);
    expect(() => controlConfig({ ...env, PORT: '99999' })).toThrow(/PORT: /);
  });
});
