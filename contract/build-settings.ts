import { z } from 'zod';
import { parse, Refusal } from '../shared/refusal.js';

// Overrides a user sets on a project. Commands are run by `sh -c` inside the build, written into
// the Dockerfile as exec-form JSON, so no quoting in them can reach the Dockerfile's own syntax.

const command = z
  .string()
  .refine((value) => value.trim() !== '', 'is empty')
  // execForm escapes line breaks; refusing them too keeps a command one line wherever it is written.
  .refine((value) => !/[\r\n]/.test(value), 'must be a single line: a line break would start a new Dockerfile instruction');

const PORT = 'must be a whole number from 1 to 65535';

/** A page of static output the file server may answer with: a plain .html name in its top folder, which the server's settings take as written. */
export const STATIC_PAGE_NAME = /^[A-Za-z0-9_+][A-Za-z0-9._+-]*\.html$/;
const PATH_SEGMENT = '[A-Za-z0-9_-][A-Za-z0-9._-]*';

/** The one declaration of how a project builds: the API's body, the database column and the build job all take it from here. */
export const buildSettingsSchema = z.strictObject({
  installCommand: command.exactOptional(),
  buildCommand: command.exactOptional(),
  startCommand: command.exactOptional(),
  /** Relative to the project root: the directory of static files to serve. */
  outputDir: z
    .string()
    .regex(
      new RegExp(`^${PATH_SEGMENT}(/${PATH_SEGMENT})*$`),
      'must be a relative path such as dist or apps/web/dist, of letters, digits, dots, dashes and underscores, not starting with a dot',
    )
    .exactOptional(),
  port: z.number(PORT).int(PORT).min(1, PORT).max(65535, PORT).exactOptional(),
  /** Static output only: true answers every path with no file with index.html (a single-page app); false with a 404. */
  spaFallback: z.boolean().exactOptional(),
  /** Static output only: the page a missing path gets with its 404, a file in the output's top folder. */
  notFoundPage: z
    .string()
    .regex(STATIC_PAGE_NAME, 'must be the name of an .html file in the output folder, such as 404.html')
    .exactOptional(),
});

export type BuildSettings = z.infer<typeof buildSettingsSchema>;

export type CommandField = 'installCommand' | 'buildCommand' | 'startCommand';

export class SettingsError extends Refusal {
  constructor(message: string) {
    super(400, message, 'settings');
  }
}

/** The settings, or a refusal naming the first field at fault. */
export function parseBuildSettings(settings: unknown): BuildSettings {
  return parse(buildSettingsSchema, settings);
}

/** The user's command as argv for exec form, or null when the setting is not given. */
export function commandArgv(settings: BuildSettings, field: CommandField): string[] | null {
  const command = settings[field];
  return command === undefined ? null : ['sh', '-c', command];
}

/** Refuses settings a kind of project has no use for, rather than ignoring what the user asked. */
export function refuseSettings(settings: BuildSettings, fields: ReadonlyArray<keyof BuildSettings>, why: string): void {
  const given = fields.find((field) => settings[field] !== undefined);
  if (given !== undefined) throw new SettingsError(`${given} does not apply: ${why}`);
}
