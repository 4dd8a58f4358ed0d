import { z } from 'zod';
import { buildSettingsSchema } from './build-settings.js';

// aether.json, at the app's root in the repository: the settings a project keeps beside its
// code, so that they travel with a branch and are reviewed with it. They win over the same
// settings made in the dashboard, as vercel.json's do; the dashboard says which came from the
// file. Its JSON schema is published: docs/aether.schema.json, and /aether.schema.json on every install.

export const REPOSITORY_SETTINGS_FILE = 'aether.json';

export const repositorySettingsSchema = buildSettingsSchema.extend({
  /** Where a new deployment must answer before it takes traffic; '/' when unset. */
  healthCheckPath: z.string().regex(/^\//, "must start with '/'").max(1024).exactOptional(),
  /** The Node.js version, as engines.node takes it; it wins over every other place a project names one. */
  node: z.string().min(1).max(100).exactOptional(),
});

/** What a repository's aether.json sets. */
export type RepositorySettings = z.infer<typeof repositorySettingsSchema>;

/** The file as written: editors read `$schema` to check it; Aether does not. */
export const repositorySettingsFileSchema = repositorySettingsSchema.extend({ $schema: z.string().exactOptional() });

// What an editor shows beside each field.
const DESCRIPTIONS: Record<keyof RepositorySettings | '$schema', string> = {
  installCommand: 'Installs the dependencies, in place of the package manager\'s own install; one line, run by sh -c.',
  buildCommand: 'Builds the app, in place of its build script; one line, run by sh -c.',
  startCommand: 'Starts the production server, in place of its start script; one line, run by sh -c.',
  outputDir: 'The folder of static files a build writes, relative to the app, for static sites.',
  port: 'The port the app listens on; it is also given to the app as PORT.',
  spaFallback: 'Static output only: true answers every path with no file with index.html and 200 (a single-page app), false with a 404.',
  notFoundPage: "Static output only: the page a missing path gets with its 404, an .html file in the output folder's top ('404.html').",
  healthCheckPath: "Where a new deployment must answer before it takes traffic; '/' when unset.",
  node: "The Node.js version, as package.json's engines.node takes it ('22', '24.x', '>=22'); Aether builds with 20, 22 or 24.",
  $schema: 'The URL of this schema, for editors.',
};

/** aether.json's JSON schema, for editors: docs/aether.schema.json, and what every install serves at /aether.schema.json. */
export function repositorySettingsJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(repositorySettingsFileSchema, { io: 'input' }) as { properties: Record<string, object> };
  const properties = Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, { description: DESCRIPTIONS[name as keyof typeof DESCRIPTIONS], ...property }]));
  return {
    ...schema,
    title: 'aether.json',
    description: "An app's settings for Aether, kept in its repository at the app's root directory; they win over the same settings made in the dashboard.",
    properties,
  };
}
