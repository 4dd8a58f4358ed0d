import type { ProjectReply } from '../../../control/src/api/replies.js';
import { SETTING_NAMES, type SettingName, settingsOf } from '../lib/project-request.js';

// The build and runtime form: what the user typed, kept as typed (strings), turned into the body
// of PATCH /api/projects/:id, and the API's field names turned back into the form's.

export interface SettingsForm extends Record<SettingName, string> {
  branch: string;
  rootDirectory: string;
  autoDeploy: boolean;
}

export type FormField = keyof SettingsForm;

export function formOf(project: Pick<ProjectReply, 'branch' | 'rootDirectory' | 'settings' | 'autoDeploy'>): SettingsForm {
  const s: Partial<Record<SettingName, string | number | boolean | undefined>> = project.settings;
  const typed = Object.fromEntries(SETTING_NAMES.map((name) => [name, s[name] === undefined ? '' : String(s[name])])) as Record<SettingName, string>;
  return { branch: project.branch, rootDirectory: project.rootDirectory, ...typed, autoDeploy: project.autoDeploy };
}

export interface FieldError {
  field: FormField;
  message: string;
}

/**
 * The PATCH body, or the first field that cannot be sent. An empty field is left out of
 * `settings`, which the API replaces whole: emptied, a setting goes back to detected.
 */
export function bodyOf(form: SettingsForm): { body: Record<string, unknown> } | { error: FieldError } {
  const parsed = settingsOf(form);
  if (!parsed.ok) return { error: { field: parsed.field, message: parsed.message } };
  return { body: { branch: form.branch.trim(), rootDirectory: form.rootDirectory.trim(), settings: parsed.settings, autoDeploy: form.autoDeploy } };
}

/** The form's field an API error names (`settings.port` is Port), or null when it names none of them. */
export function formFieldOf(apiField: string | undefined): FormField | null {
  if (apiField === undefined) return null;
  const name = apiField.startsWith('settings.') ? apiField.slice('settings.'.length) : apiField;
  return isFormField(name) ? name : null;
}

const FIELDS: ReadonlySet<string> = new Set<FormField>(['branch', 'rootDirectory', ...SETTING_NAMES, 'autoDeploy']);

function isFormField(name: string): name is FormField {
  return FIELDS.has(name);
}
