import { z } from 'zod';
import { buildSettingsSchema } from './build-settings.js';

export const BUILD_QUEUE = 'aether-builds';

/**
 * A variable the build can read: every one as a BuildKit secret of its name, and as a build
 * argument unless it is secret and the Dockerfile the repository's own. A secret one is masked in
 * every log line and error.
 */
const buildVariableSchema = z.object({ name: z.string(), value: z.string(), secret: z.boolean() });

export type BuildVariable = z.infer<typeof buildVariableSchema>;

/** The repository token and the build variables, which travel sealed (see sealed.ts). */
export const credentialsSchema = z.object({
  token: z.string().exactOptional(),
  variables: z.array(buildVariableSchema),
});

export type Credentials = z.infer<typeof credentialsSchema>;

/** What a queued build carries in Redis; its credentials are sealed, so Redis holds no secret. */
export const buildJobSchema = z.object({
  /** The Aether install that asked, named on the image so that only it cleans the image up. */
  instance: z.string().min(1),
  deploymentId: z.string().min(1),
  projectId: z.string().min(1),
  repository: z.string().min(1),
  revision: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('branch'), branch: z.string() }),
    z.object({ kind: z.literal('commit'), sha: z.string() }),
  ]),
  rootDirectory: z.string(),
  settings: buildSettingsSchema,
  /** The image's name; the deployment keeps it for rollbacks. */
  tag: z.string().min(1),
  /** Credentials, sealed with AETHER_SECRET_KEY. */
  credentials: z.string().min(1),
});

export type BuildJob = z.infer<typeof buildJobSchema>;

