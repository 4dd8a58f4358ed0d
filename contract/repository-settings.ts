import { z } from 'zod';
import { buildSettingsSchema } from './build-settings.js';

// aether.json, at the app's root in the repository: the settings a project keeps beside its
// code, so that they travel with a branch and are reviewed with it. They win over the same
// settings made in the dashboard, as vercel.json's do; the dashboard says which came from the
// file. Its JSON schema is published: docs/aether.schema.json, and /aether.schema.json on every install.

export const REPOSITORY_SETTINGS_FILE = 'aether.json';

// Redirects and headers become the static file server's config file (TOML), so every string is
// plain printable ASCII: quoted as a TOML string, nothing in it can start a key or a table.
const PRINTABLE = /^[\x21-\x7e]+$/;
const MAX_RULES = 100;
// The config reaches its file as one program argument, which Linux caps at 128 KiB: each list
// keeps to a quarter of that, leaving room for the TOML around it.
const CONFIG_SHARE = 32 * 1024;
const RULES_TOO_LONG = 'are more than 32 KB of rules together';
const withinConfigShare = (rules: readonly unknown[]) => JSON.stringify(rules).length <= CONFIG_SHARE;

/**
 * A glob the file server matches against the request's path: `*` within a name, `**` across
 * folders, `{a,b}` either. Unbalanced braces would stop the server at start.
 */
const pathPattern = z
  .string()
  .max(1024)
  .regex(PRINTABLE, 'must be a path pattern of printable characters with no spaces, such as /blog/{*}')
  .regex(/^[/*]/, "must start with '/' or '*', as the request's path does")
  // The server's glob reader refuses some classes (`[]`, `[z-a]`) and a trailing `\` when it starts;
  // patterns of `*`, `**` and `{a,b}` say what a path rule needs.
  .regex(/^[^[\]\\]*$/, 'takes *, ** and {a,b}, not [ ] or \\')
  .refine(balanced, 'has an unclosed or nested { }');

const redirectSchema = z.strictObject({
  source: pathPattern,
  /** A path or URL; $1, $2… take what the source's {…} groups matched. */
  destination: z.string().max(2048).regex(PRINTABLE, 'must be a path or URL of printable characters with no spaces'),
  /** 301 when true or unset, as a moved page is; 302 when false. */
  permanent: z.boolean().exactOptional(),
});

// Headers the server itself writes to frame the answer; another value would break it.
const FRAMING_HEADERS = new Set(['connection', 'content-length', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade']);
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

function headerNameProblem(name: string): string | null {
  if (!HEADER_NAME.test(name)) return 'must be an HTTP header name';
  return FRAMING_HEADERS.has(name.toLowerCase()) ? 'is set by the server itself' : null;
}

const headerRuleSchema = z.strictObject({
  source: pathPattern,
  headers: z
    .record(z.string(), z.string().max(4096).regex(/^[\x20-\x7e]*$/, 'must be printable ASCII'))
    .refine((headers) => Object.keys(headers).length > 0, 'names no header')
    // Checked here rather than as the record's key schema, whose refusal would not say why.
    .superRefine((headers, context) => {
      for (const name of Object.keys(headers)) {
        const problem = headerNameProblem(name);
        if (problem !== null) context.addIssue({ code: 'custom', path: [name], message: problem });
      }
    }),
});

export const repositorySettingsSchema = buildSettingsSchema.extend({
  /** Where a new deployment must answer before it takes traffic; '/' when unset. */
  healthCheckPath: z.string().regex(/^\//, "must start with '/'").max(1024).exactOptional(),
  /** The Node.js version, as engines.node takes it; it wins over every other place a project names one. */
  node: z.string().min(1).max(100).exactOptional(),
  /** Static output only: paths answered with a redirect, the first matching rule winning. */
  redirects: z.array(redirectSchema).max(MAX_RULES).refine(withinConfigShare, RULES_TOO_LONG).exactOptional(),
  /** Static output only: headers added to the answers of matching paths. */
  headers: z.array(headerRuleSchema).max(MAX_RULES).refine(withinConfigShare, RULES_TOO_LONG).exactOptional(),
});

export type Redirect = z.infer<typeof redirectSchema>;
export type HeaderRule = z.infer<typeof headerRuleSchema>;

/** What the static file server is told beside its files: aether.json's redirects and headers, none when unset. */
export interface ServerRules {
  redirects: readonly Redirect[];
  headers: readonly HeaderRule[];
}

function balanced(pattern: string): boolean {
  let open = false;
  for (const char of pattern) {
    if (char === '{') {
      if (open) return false;
      open = true;
    } else if (char === '}') {
      if (!open) return false;
      open = false;
    }
  }
  return !open;
}

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
  redirects:
    "Static output only: { source, destination, permanent } rules, the first match winning. source is a glob of the request's path ('/old/{*}', '/blog/**'); " +
    "destination a path or URL, where $1, $2… take what source's {…} groups matched; permanent (default true) answers 301, false 302.",
  headers: "Static output only: { source, headers } rules adding headers ({ \"X-Frame-Options\": \"DENY\" }) to the answers of paths matching source, a glob ('/**', '/assets/**').",
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
