import type { ProjectReply } from '../../../control/src/api/replies.js';

// The settings a project form's text fields spell, as the API takes them: only the fields the user
// filled, so every blank one keeps the API's default (the detected command, the detected port).

const TEXT_SETTINGS = ['installCommand', 'buildCommand', 'startCommand', 'outputDir', 'notFoundPage', 'healthCheckPath'] as const;
const NUMBER_SETTINGS = ['port', 'memoryMb', 'cpus'] as const;
/** Yes or no, or blank for what was detected: spelled 'true' and 'false' in the form. */
const CHOICE_SETTINGS = ['spaFallback'] as const;

export type SettingName = (typeof TEXT_SETTINGS)[number] | (typeof NUMBER_SETTINGS)[number] | (typeof CHOICE_SETTINGS)[number];
export const SETTING_NAMES: readonly SettingName[] = [...TEXT_SETTINGS, ...NUMBER_SETTINGS, ...CHOICE_SETTINGS];

export type Settings = Partial<ProjectReply['settings']>;
export type SettingsResult = { ok: true; settings: Settings } | { ok: false; field: SettingName; message: string };

/** A port is sent only as the digits of a whole number; its range is the API's to check, naming the field. */
const NUMBER_RULES: Record<(typeof NUMBER_SETTINGS)[number], { valid: (text: string) => boolean; message: string }> = {
  port: { valid: (text) => /^\d{1,5}$/.test(text), message: 'must be a whole number from 1 to 65535' },
  memoryMb: { valid: (text) => Number.isFinite(Number(text)), message: 'must be a number' },
  cpus: { valid: (text) => Number.isFinite(Number(text)), message: 'must be a number' },
};

/** The filled settings, trimmed, numbers as numbers; or the first field that cannot even be sent as JSON. */
export function settingsOf(typed: Partial<Record<SettingName, string>>): SettingsResult {
  const settings: Record<string, string | number | boolean> = {};
  for (const key of TEXT_SETTINGS) {
    const text = typed[key]?.trim() ?? '';
    if (text !== '') settings[key] = text;
  }
  for (const key of NUMBER_SETTINGS) {
    const text = typed[key]?.trim() ?? '';
    if (text === '') continue;
    if (!NUMBER_RULES[key].valid(text)) return { ok: false, field: key, message: NUMBER_RULES[key].message };
    settings[key] = Number(text);
  }
  for (const key of CHOICE_SETTINGS) {
    if (typed[key] === 'true' || typed[key] === 'false') settings[key] = typed[key] === 'true';
  }
  return { ok: true, settings: settings as Settings };
}

export interface ProjectForm extends Record<'installCommand' | 'buildCommand' | 'startCommand' | 'outputDir' | 'port', string> {
  slug: string;
  branch: string;
  rootDirectory: string;
}

export interface ProjectRequest {
  slug: string;
  branch?: string;
  rootDirectory?: string;
  settings?: Settings;
}

export type ProjectRequestResult = { ok: true; request: ProjectRequest } | { ok: false; field: string; message: string };

/** The new-project request body, or the field to fix, named as the API names it (`settings.port`). */
export function projectRequest(form: ProjectForm): ProjectRequestResult {
  const parsed = settingsOf(form);
  if (!parsed.ok) return { ok: false, field: `settings.${parsed.field}`, message: `settings.${parsed.field}: ${parsed.message}` };
  const branch = form.branch.trim();
  const rootDirectory = form.rootDirectory.trim();
  return {
    ok: true,
    request: {
      slug: form.slug.trim(),
      ...(branch !== '' && { branch }),
      ...(rootDirectory !== '' && { rootDirectory }),
      ...(Object.keys(parsed.settings).length > 0 && { settings: parsed.settings }),
    },
  };
}
