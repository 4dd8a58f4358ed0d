import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { missingSecretFiles } from './install-secrets.js';

// Compose runs this once before Postgres and control start. Files are root's alone (0400): in
// the containers that mount their volumes, only root reads them, never Postgres's own server
// process. What a file holds is never printed.

for (const file of missingSecretFiles(process.env, existsSync, randomBytes)) {
  // 'wx' fails on a file that appeared since: nothing is ever overwritten.
  writeFileSync(file.path, file.text, { mode: 0o400, flag: 'wx' });
  console.log(`generated ${file.path}`);
}
