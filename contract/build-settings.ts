import { Refusal } from '../shared/refusal.js';

// Overrides a user sets on a project. Commands are run by `sh -c` inside the build, written into
// the Dockerfile as exec-form JSON, so no quoting in them can reach the Dockerfile's own syntax.

export interface BuildSettings {
  installCommand?: string;
  buildCommand?: string;
  startCommand?: string;
  /** Relative to the project root: the directory of static files to serve. */
  outputDir?: string;
  port?: number;
}

export type CommandField = 'installCommand' | 'buildCommand' | 'startCommand';

export class SettingsError extends Refusal {
  constructor(message: string) {
    super(400, message, 'settings');
  }
}

const COMMANDS: readonly CommandField[] = ['installCommand', 'buildCommand', 'startCommand'];
const PATH_SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

export function validateSettings(settings: BuildSettings): void {
  for (const field of COMMANDS) {
    const command = settings[field];
    if (command === undefined) continue;
    if (command.trim() === '') throw new SettingsError(`${field} is empty`);
    // execForm escapes line breaks; refusing them too keeps a command one line wherever it is written.
    if (/[\r\n]/.test(command)) {
      throw new SettingsError(`${field} must be a single line: a line break would start a new Dockerfile instruction`);
    }
  }
  if (settings.outputDir !== undefined && !settings.outputDir.split('/').every((part) => PATH_SEGMENT.test(part))) {
    throw new SettingsError(
      `outputDir ${JSON.stringify(settings.outputDir)} must be a relative path such as dist or apps/web/dist, ` +
        'of letters, digits, dots, dashes and underscores, not starting with a dot',
    );
  }
  const { port } = settings;
  if (port !== undefined && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
    throw new SettingsError(`port ${port} is not a whole number from 1 to 65535`);
  }
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
