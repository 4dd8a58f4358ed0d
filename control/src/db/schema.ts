import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { RepositorySettings } from '../../../contract/repository-settings.js';
import { DEPLOYMENT_STATUSES, DEPLOYMENT_TRIGGERS, ROLLOUT_STEPS } from '../deployments/status.js';
import type { ProjectSettings } from '../projects/project-settings.js';

// The tables Aether keeps. Each change goes through `npm run db:generate`, which writes a
// migration under control/drizzle; control applies pending migrations when it starts.

export const deploymentStatus = pgEnum('deployment_status', DEPLOYMENT_STATUSES);
export const deploymentTrigger = pgEnum('deployment_trigger', DEPLOYMENT_TRIGGERS);
export const rolloutStep = pgEnum('rollout_step', ROLLOUT_STEPS);
export const buildLogStream = pgEnum('build_log_stream', ['step', 'stdout', 'stderr']);
export const envVarScope = pgEnum('env_var_scope', ['production', 'preview', 'build']);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /**
     * Lower-cased. The login of an email and password account, unique among those; nobody verified
     * it, so a GitHub account with the same (GitHub-verified) address is another account.
     */
    email: text('email').notNull(),
    /** What the dashboard calls the user; null when they gave none (a GitHub account shows its login). */
    name: text('name'),
    /** scrypt (see auth/password.ts); null for an account that signs in with GitHub only. */
    passwordHash: text('password_hash'),
    githubId: bigint('github_id', { mode: 'number' }).unique(),
    githubLogin: text('github_login'),
    /** The user's GitHub token, sealed with AETHER_SECRET_KEY: it clones their private repositories. */
    githubTokenSealed: text('github_token_sealed'),
    /** The first account of an installation. */
    isAdmin: boolean('is_admin').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('users_password_email').on(table.email).where(sql`${table.passwordHash} IS NOT NULL`)],
);

export const sessions = pgTable('sessions', {
  /** SHA-256 of the cookie's token: a leaked table opens no session. */
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  /** SHA-256 of the token, which is shown once when it is made. */
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  /** Null: until revoked. */
  expiresAt: timestamp('expires_at', { withTimezone: true }),
});

/** Who may create an account once the first (the admin) exists. One row, made by the migration. */
export const signUpSettings = pgTable(
  'sign_up_settings',
  {
    id: integer('id').primaryKey().default(1),
    /** Anyone may sign up; otherwise only with an invite. */
    open: boolean('open').notNull().default(false),
  },
  (table) => [check('sign_up_settings_one_row', sql`${table.id} = 1`)],
);

/** An admin's invitation to sign up: single use, until it expires. */
export const invites = pgTable('invites', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  /** SHA-256 of the invite's token, which is shown once when it is made. */
  tokenHash: text('token_hash').notNull().unique(),
  /** Lower-cased; when set, only this address may use the invite. */
  email: text('email'),
  createdBy: uuid('created_by')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  usedBy: uuid('used_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const projects = pgTable('projects', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  ownerId: uuid('owner_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** A DNS label: the project's host is `<slug>.<apps domain>`. */
  slug: text('slug').notNull().unique(),
  repository: text('repository').notNull(),
  branch: text('branch').notNull().default('main'),
  rootDirectory: text('root_directory').notNull().default(''),
  settings: jsonb('settings').$type<ProjectSettings>().notNull().default({}),
  /** A push to the branch deploys it (through the GitHub webhook). */
  autoDeploy: boolean('auto_deploy').notNull().default(true),
  /** The deployment the production host routes to; null until one goes live. */
  productionDeploymentId: uuid('production_deployment_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const deployments = pgTable(
  'deployments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    status: deploymentStatus('status').notNull().default('queued'),
    /** The step its rollout reached (status.ts); null before its rollout began. */
    rolloutStep: rolloutStep('rollout_step'),
    trigger: deploymentTrigger('trigger').notNull(),
    /** The branch it was built from: the project's when queued, or the one a push or redeploy named; null before branches were kept. */
    branch: text('branch'),
    /** Set when a build has checked the source out. */
    commitSha: text('commit_sha'),
    commitMessage: text('commit_message'),
    /** The image's name, chosen when the build is queued. */
    imageTag: text('image_tag').notNull(),
    imageId: text('image_id'),
    /** The Dockerfile Aether generated, kept from the moment the build detected what to run (so a failed build keeps it too); null for their own. */
    dockerfile: text('dockerfile'),
    port: integer('port'),
    /** What the build detected, as a person names it ("Next.js", "FastAPI", "Dockerfile"); null until detected. */
    framework: text('framework'),
    /** The app's aether.json as the build read it, whose settings won over the project's; null when it has none. */
    repositorySettings: jsonb('repository_settings').$type<RepositorySettings>(),
    /** Why the deployment failed, was canceled or superseded, in words a user reads. */
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    buildStartedAt: timestamp('build_started_at', { withTimezone: true }),
    buildFinishedAt: timestamp('build_finished_at', { withTimezone: true }),
    readyAt: timestamp('ready_at', { withTimezone: true }),
  },
  (table) => [index('deployments_project_created').on(table.projectId, table.createdAt)],
);

/**
 * The production variables a deployment's container runs with: the project's as they were when it
 * first started, so that a rollback, given its target's, runs with what that deployment ran with.
 * A table of its own, so that deployment rows (which the API returns as they are) never carry them.
 */
export const deploymentVariables = pgTable('deployment_variables', {
  deploymentId: uuid('deployment_id')
    .primaryKey()
    .references(() => deployments.id, { onDelete: 'cascade' }),
  /** The variables as one JSON object, sealed with AETHER_SECRET_KEY. */
  sealed: text('sealed').notNull(),
});

export const buildLogLines = pgTable(
  'build_log_lines',
  {
    deploymentId: uuid('deployment_id')
      .notNull()
      .references(() => deployments.id, { onDelete: 'cascade' }),
    // The line's Redis stream ID, as its two numbers: it orders the log, lets a viewer resume
    // from it, and makes writing the same line twice a no-op.
    streamMs: bigint('stream_ms', { mode: 'number' }).notNull(),
    streamSeq: integer('stream_seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    step: integer('step').notNull(),
    stream: buildLogStream('stream').notNull(),
    text: text('text').notNull(),
  },
  (table) => [primaryKey({ columns: [table.deploymentId, table.streamMs, table.streamSeq] })],
);

export const envVars = pgTable(
  'env_vars',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** Sealed with AETHER_SECRET_KEY (AES-256-GCM): the database and its backups hold ciphertext only. */
    sealedValue: text('sealed_value').notNull(),
    /** production and preview reach running containers; build reaches the build's RUN steps only. */
    scope: envVarScope('scope').notNull(),
    /** Masked in build logs; every value is write-only through the API either way. */
    secret: boolean('secret').notNull().default(true),
  },
  (table) => [unique('env_vars_project_key_scope').on(table.projectId, table.key, table.scope)],
);

export const domains = pgTable(
  'domains',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    hostname: text('hostname').notNull(),
    /** The user proves they own the name by publishing this in a DNS TXT record. */
    verificationToken: text('verification_token').notNull(),
    /** Only a verified domain is routed. */
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Any project may claim a name; only one, the last to prove it owns the name, holds it verified.
  (table) => [
    unique('domains_project_hostname').on(table.projectId, table.hostname),
    uniqueIndex('domains_verified_hostname').on(table.hostname).where(sql`${table.verifiedAt} IS NOT NULL`),
  ],
);

/**
 * The push webhook of a project imported from GitHub. Its own table, so that project rows (which
 * the API returns as they are) never carry the secret, even sealed.
 */
export const projectWebhooks = pgTable('project_webhooks', {
  projectId: uuid('project_id')
    .primaryKey()
    .references(() => projects.id, { onDelete: 'cascade' }),
  /** GitHub signs each delivery with it; sealed with AETHER_SECRET_KEY. */
  secretSealed: text('secret_sealed').notNull(),
  /** The hook's ID on GitHub; null when GitHub refused to register it. */
  githubHookId: bigint('github_hook_id', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    /** GitHub's `X-GitHub-Delivery`: a replayed delivery collides here and is refused. */
    id: text('id').primaryKey(),
    event: text('event').notNull(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    /** What Aether did with it, in words a user reads. */
    outcome: text('outcome').notNull(),
    deploymentId: uuid('deployment_id').references(() => deployments.id, { onDelete: 'set null' }),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** A push's branch (`refs/heads/...`), and its new head when Aether took the push as the branch's latest. */
    ref: text('ref'),
    head: text('head'),
  },
  // The heads a project's branch had, looked up for each push (see github/push-event.ts).
  (table) => [index('webhook_deliveries_branch_heads').on(table.projectId, table.ref, table.head)],
);
