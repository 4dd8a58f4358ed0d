import type { ProjectReply } from '../../../control/src/api/replies.js';

// The build and runtime form: what the user typed, kept as typed (strings), turned into the body
// of PATCH /api/projects/:id, and the API's field names turned back into the form's.

export interface SettingsForm {
  branch: string;
  rootDirectory: string;
  installCommand: string;
  buildCommand: string;
  startCommand: string;
  outputDir: string;
  port: string;
  healthCheckPath: string;
  memoryMb: string;
  cpus: string;
  autoDeploy: boolean;
}

export type FormField = keyof SettingsForm;

const TEXT_SETTINGS = ['installCommand', 'buildCommand', 'startCommand', 'outputDir', 'healthCheckPath'] as const;
const NUMBER_SETTINGS = ['port', 'memoryMb', 'cpus'] as const;

export function formOf(project: Pick<ProjectReply, 'branch' | 'rootDirectory' | 'settings' | 'autoDeploy'>): SettingsForm {
  const s = project.settings;
  const text = (value: string | number | undefined) => (value === undefined ? '' : String(value));
  return {
    branch: project.branch,
    rootDirectory: project.rootDirectory,
    installCommand: text(s.installCommand),
    buildCommand: text(s.buildCommand),
    startCommand: text(s.startCommand),
    outputDir: text(s.outputDir),
    port: text(s.port),
    healthCheckPath: text(s.healthCheckPath),
    memoryMb: text(s.memoryMb),
    cpus: text(s.cpus),
    autoDeploy: project.autoDeploy,
  };
}

export interface FieldError {
  field: FormField;
  message: string;
}

/**
 * The PATCH body, or the first field that is not a number where one is needed. An empty field is
 * left out of `settings`, which the API replaces whole: emptied, a setting goes back to detected.
 */
export function bodyOf(form: SettingsForm): { body: Record<string, unknown> } | { error: FieldError } {
  const settings: Record<string, string | number> = {};
  for (const key of TEXT_SETTINGS) if (form[key].trim() !== '') settings[key] = form[key].trim();
  for (const key of NUMBER_SETTINGS) {
    const text = form[key].trim();
    if (text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value)) return { error: { field: key, message: 'must be a number' } };
    settings[key] = value;
  }
  return { body: { branch: form.branch.trim(), rootDirectory: form.rootDirectory.trim(), settings, autoDeploy: form.autoDeploy } };
}

/** The form's field an API error names (`settings.port` is Port), or null when it names none of them. */
export function formFieldOf(apiField: string | undefined): FormField | null {
  if (apiField === undefined) return null;
  const name = apiField.startsWith('settings.') ? apiField.slice('settings.'.length) : apiField;
  return isFormField(name) ? name : null;
}

const FIELDS: ReadonlySet<string> = new Set<FormField>(['branch', 'rootDirectory', ...TEXT_SETTINGS, ...NUMBER_SETTINGS, 'autoDeploy']);

function isFormField(name: string): name is FormField {
  return FIELDS.has(name);
}
