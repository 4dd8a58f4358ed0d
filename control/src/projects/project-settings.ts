import { z } from 'zod';
import { type BuildSettings, buildSettingsSchema } from '../../../contract/build-settings.js';

// How a project builds (the contract's part, which the builder reads) and how it runs (control's
// part). The API's body, the database column and the build job are all this one schema.

export const projectSettingsSchema = buildSettingsSchema.extend({
  /** Where a new deployment must answer before it takes traffic; '/' when unset. */
  healthCheckPath: z.string().startsWith('/').max(1024).exactOptional(),
  memoryMb: z.number().int().min(16).max(1_048_576).exactOptional(),
  cpus: z.number().min(0.01).max(256).exactOptional(),
});

export type ProjectSettings = z.infer<typeof projectSettingsSchema>;

const buildPart = z.object(buildSettingsSchema.shape);

/** The part of a project's settings its build job carries. */
export function buildSettingsOf(settings: ProjectSettings): BuildSettings {
  return buildPart.parse(settings);
}
