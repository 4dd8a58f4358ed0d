// The secrets an install needs and nobody should have to choose, generated once on its first
// start (main.ts, compose's `secrets` service) onto volumes that only their readers mount.

export interface InstallSecret {
  /** The variable that names the secret's file, in the generator's environment and its readers'. */
  fileVariable: 'AETHER_SECRET_KEY_FILE' | 'DATABASE_PASSWORD_FILE';
  bytes: number;
  /** Base64 for the sealing key, as AETHER_SECRET_KEY takes it; hex for the password, which needs no escaping in a URL. */
  encoding: 'base64' | 'hex';
}

export const INSTALL_SECRETS: readonly InstallSecret[] = [
  { fileVariable: 'AETHER_SECRET_KEY_FILE', bytes: 32, encoding: 'base64' },
  { fileVariable: 'DATABASE_PASSWORD_FILE', bytes: 32, encoding: 'hex' },
];

export interface SecretFile {
  path: string;
  text: string;
}

export class InstallSecretsError extends Error {}

/**
 * The files still to write: one per secret whose file is missing, each from fresh random bytes.
 * An existing file is kept whatever it holds: it seals this install's data or opens its database.
 */
export function missingSecretFiles(
  env: Record<string, string | undefined>,
  exists: (path: string) => boolean,
  random: (bytes: number) => Buffer,
): SecretFile[] {
  return INSTALL_SECRETS.flatMap((secret) => {
    const path = env[secret.fileVariable];
    if (path === undefined || !path.startsWith('/')) throw new InstallSecretsError(`${secret.fileVariable}: an absolute path to the secret's file`);
    return exists(path) ? [] : [{ path, text: random(secret.bytes).toString(secret.encoding) }];
  });
}
