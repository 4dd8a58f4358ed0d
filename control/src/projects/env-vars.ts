import { and, asc, eq } from 'drizzle-orm';
import type { BuildVariable } from '../../../contract/build-job.js';
import { open, seal } from '../../../contract/sealed.js';
import { Refusal } from '../../../shared/refusal.js';
import type { Database } from '../db/database.js';
import { envVars } from '../db/schema.js';

// A project's variables are sealed at rest and opened only on their way into a container's
// environment (production, preview) or into a sealed build job (build).

export type EnvVarScope = (typeof envVars.$inferSelect)['scope'];

export interface EnvVarInput {
  key: string;
  value: string;
  scope: EnvVarScope;
  secret: boolean;
}

/** Names the field a user got wrong, so the API can answer 400 with it. */
export class InvalidEnvVar extends Refusal {
  constructor(
    override readonly field: 'key' | 'value',
    message: string,
  ) {
    super(400, message, field);
  }
}

// What a POSIX shell accepts as a variable name, which every runtime reads.
const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function checkEnvVar(input: EnvVarInput): void {
  if (!KEY.test(input.key)) throw new InvalidEnvVar('key', `${JSON.stringify(input.key)} is not a variable name: letters, digits and _, not starting with a digit`);
  // The engine passes a container's environment as C strings.
  if (input.value.includes('\0')) throw new InvalidEnvVar('value', `the value of ${input.key} contains a NUL character`);
}

/** Sets a variable, replacing the one of the same key and scope. */
export async function setEnvVar(db: Database, secretKey: Buffer, projectId: string, input: EnvVarInput): Promise<void> {
  checkEnvVar(input);
  const row = { projectId, key: input.key, scope: input.scope, secret: input.secret, sealedValue: seal(secretKey, input.value) };
  await db
    .insert(envVars)
    .values(row)
    .onConflictDoUpdate({ target: [envVars.projectId, envVars.key, envVars.scope], set: { sealedValue: row.sealedValue, secret: row.secret } });
}

/** Sets each variable, none unless every one is valid: a bad one leaves the project as it was. */
export async function setEnvVars(db: Database, secretKey: Buffer, projectId: string, inputs: EnvVarInput[]): Promise<void> {
  inputs.forEach(checkEnvVar);
  for (const input of inputs) await setEnvVar(db, secretKey, projectId, input);
}

/** The project's variables, by key, without their values. */
export function listEnvVars(db: Database, projectId: string): Promise<Omit<EnvVarInput, 'value'>[]> {
  return db
    .select({ key: envVars.key, scope: envVars.scope, secret: envVars.secret })
    .from(envVars)
    .where(eq(envVars.projectId, projectId))
    .orderBy(asc(envVars.key));
}

/** Deletes a variable; false if the project had none of that key and scope. */
export async function deleteEnvVar(db: Database, projectId: string, scope: EnvVarScope, key: string): Promise<boolean> {
  const deleted = await db.delete(envVars).where(and(eq(envVars.projectId, projectId), eq(envVars.scope, scope), eq(envVars.key, key))).returning();
  return deleted.length > 0;
}

async function opened(db: Database, secretKey: Buffer, projectId: string, scope: EnvVarScope) {
  const rows = await db.select().from(envVars).where(and(eq(envVars.projectId, projectId), eq(envVars.scope, scope)));
  return rows.map((row) => ({ name: row.key, value: open(secretKey, row.sealedValue), secret: row.secret }));
}

/** What a running container of the project gets in its environment. */
export async function containerEnvironment(db: Database, secretKey: Buffer, projectId: string, scope: Exclude<EnvVarScope, 'build'>): Promise<Record<string, string>> {
  return Object.fromEntries((await opened(db, secretKey, projectId, scope)).map((v) => [v.name, v.value]));
}

/** What a build's RUN steps see; secret ones are masked in its log. */
export function buildVariables(db: Database, secretKey: Buffer, projectId: string): Promise<BuildVariable[]> {
  return opened(db, secretKey, projectId, 'build');
}
