import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSecretKey } from '../../../contract/sealed.js';
import { InstallSecretsError, missingSecretFiles } from './install-secrets.js';

const env = { AETHER_SECRET_KEY_FILE: '/secrets/key/secret-key', DATABASE_PASSWORD_FILE: '/secrets/database/password' };
const none = () => false;

describe('missingSecretFiles', () => {
  it('generates a sealing key AETHER_SECRET_KEY accepts and a password of 64 hex digits', () => {
    const files = missingSecretFiles(env, none, randomBytes);
    expect(files.map((f) => f.path)).toEqual([env.AETHER_SECRET_KEY_FILE, env.DATABASE_PASSWORD_FILE]);
    expect(parseSecretKey(files[0]!.text)).toHaveLength(32);
    expect(files[1]!.text).toMatch(/^[0-9a-f]{64}$/);
  });

  it('draws every secret from fresh random bytes, so two installs share none', () => {
    const first = missingSecretFiles(env, none, randomBytes).map((f) => f.text);
    const second = missingSecretFiles(env, none, randomBytes).map((f) => f.text);
    expect(new Set([...first, ...second]).size).toBe(4);
  });

  it('never replaces a file that exists', () => {
    const files = missingSecretFiles(env, (path) => path === env.AETHER_SECRET_KEY_FILE, randomBytes);
    expect(files.map((f) => f.path)).toEqual([env.DATABASE_PASSWORD_FILE]);
    expect(missingSecretFiles(env, () => true, randomBytes)).toEqual([]);
  });

  it('names the variable of a missing or relative path', () => {
    expect(() => missingSecretFiles({ ...env, DATABASE_PASSWORD_FILE: undefined }, none, randomBytes)).toThrow(InstallSecretsError);
    expect(() => missingSecretFiles({ ...env, AETHER_SECRET_KEY_FILE: 'secret-key' }, none, randomBytes)).toThrow(/AETHER_SECRET_KEY_FILE: /);
  });
});
