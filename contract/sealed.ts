import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// AES-256-GCM with the key from configuration: what a job carries to the builder through Redis
// (a token, secret variables) is sealed, so Redis and its backups only ever hold ciphertext.

const VERSION = 'v1';

export class SecretKeyError extends Error {}

/** AETHER_SECRET_KEY (or a key derived from it): 32 random bytes, base64 (`openssl rand -base64 32`). */
export function parseSecretKey(text: string | undefined, name = 'AETHER_SECRET_KEY'): Buffer {
  const key = Buffer.from(text ?? '', 'base64');
  if (key.length !== 32) throw new SecretKeyError(`${name}: expected 32 bytes in base64, as \`openssl rand -base64 32\` prints`);
  return key;
}

/**
 * The key build jobs are sealed with, derived from AETHER_SECRET_KEY: the builder, which runs
 * repositories' builds, holds only this one, which opens nothing sealed at rest in Postgres.
 */
export function buildJobKey(secretKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), 'aether build jobs', 32));
}

export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64'))).join('.');
}

/** Throws when the text was sealed with another key or changed since. */
export function open(key: Buffer, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
}
