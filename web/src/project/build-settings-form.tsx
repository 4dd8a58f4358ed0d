import { createSignal, For, Show } from 'solid-js';
import type { ProjectReply } from '../../../control/src/api/replies.js';
import { ApiFailure, api, messageOf } from '../api/client.js';
import { FormError } from '../ui/form-error.jsx';
import { Section } from '../ui/section.jsx';
import { bodyOf, type FieldError, type FormField, formFieldOf, formOf, type SettingsForm } from './settings-form.js';

// How the project builds and runs. The form keeps what the user typed through any refusal; only
// a save the API accepted replaces it, with what the API then holds.

type TextField = Exclude<FormField, 'autoDeploy'>;

type Field = { name: TextField; label: string; placeholder: string; mono?: boolean; inputMode?: 'numeric' | 'decimal'; choices?: ReadonlyArray<[value: string, label: string]> };

const FIELDS: readonly Field[] = [
  { name: 'branch', label: 'Branch', placeholder: 'main' },
  { name: 'rootDirectory', label: 'Root directory', placeholder: 'the repository root' },
  { name: 'installCommand', label: 'Install command', placeholder: 'detected', mono: true },
  { name: 'buildCommand', label: 'Build command', placeholder: 'detected', mono: true },
  { name: 'startCommand', label: 'Start command', placeholder: 'detected', mono: true },
  { name: 'outputDir', label: 'Output directory', placeholder: 'detected', mono: true },
  {
    name: 'spaFallback',
    label: 'Missing paths (static output)',
    placeholder: 'detected',
    choices: [
      ['', 'As detected'],
      ['true', 'index.html, 200 (a single-page app)'],
      ['false', 'The 404 page, 404'],
    ],
  },
  { name: 'notFoundPage', label: '404 page (static output)', placeholder: 'detected (404.html)', mono: true },
  { name: 'port', label: 'Port', placeholder: 'detected', inputMode: 'numeric' },
  { name: 'healthCheckPath', label: 'Health check path', placeholder: '/', mono: true },
  { name: 'memoryMb', label: 'Memory (MB)', placeholder: 'the install’s default', inputMode: 'numeric' },
  { name: 'cpus', label: 'CPUs', placeholder: 'the install’s default', inputMode: 'decimal' },
];

export function BuildSettingsForm(props: { project: ProjectReply; projectPath: string; onSaved: (project: ProjectReply) => void }) {
  // The form starts from the project as first loaded; later replies come through `save` only.
  const [form, setForm] = createSignal<SettingsForm>(formOf(props.project));
  const [fieldError, setFieldError] = createSignal<FieldError | null>(null);
  const [error, setError] = createSignal<string | null>(null);
  const [saved, setSaved] = createSignal(false);
  const [saving, setSaving] = createSignal(false);

  const set = <K extends FormField>(name: K, value: SettingsForm[K]) => {
    setSaved(false);
    setForm((f) => ({ ...f, [name]: value }));
  };
  const errorOf = (name: FormField) => (fieldError()?.field === name ? fieldError()!.message : null);
  // What the live deployment's aether.json set: the repository's file wins over the form.
  const fromRepository = (name: FormField) => {
    const settings: Partial<Record<FormField, string | number | boolean | undefined>> = props.project.production?.repositorySettings ?? {};
    const value = settings[name];
    return value === undefined ? null : String(value);
  };

  async function save(event: SubmitEvent) {
    event.preventDefault();
    setFieldError(null);
    setError(null);
    const parsed = bodyOf(form());
    if ('error' in parsed) return setFieldError(parsed.error);
    setSaving(true);
    try {
      const project = await api<ProjectReply>('PATCH', props.projectPath, parsed.body);
      setForm(formOf(project));
      setSaved(true);
      props.onSaved(project);
    } catch (failure) {
      const field = formFieldOf(failure instanceof ApiFailure ? failure.field : undefined);
      if (field === null) setError(messageOf(failure));
      else setFieldError({ field, message: messageOf(failure) });
    } finally {
      setSaving(false);
    }
  }

  return (
    <Section class="settings-section" id="build" title="Build and runtime">
      <form class="card" onSubmit={(e) => void save(e)} novalidate>
        <p class="muted">Empty fields are detected from the repository at each build. Changes apply on the next deploy.</p>
        <div class="form-grid">
          <For each={FIELDS}>
            {(field) => (
              <div class="field">
                <label for={`setting-${field.name}`}>{field.label}</label>
                <Show
                  when={field.choices}
                  fallback={
                    <input
                      id={`setting-${field.name}`}
                      classList={{ mono: field.mono === true }}
                      placeholder={field.placeholder}
                      inputMode={field.inputMode}
                      autocomplete="off"
                      spellcheck={false}
                      aria-invalid={errorOf(field.name) !== null}
                      aria-describedby={errorOf(field.name) === null ? undefined : `setting-${field.name}-error`}
                      value={form()[field.name]}
                      onInput={(e) => set(field.name, e.currentTarget.value)}
                    />
                  }
                >
                  {(choices) => (
                    <select id={`setting-${field.name}`} value={form()[field.name]} onChange={(e) => set(field.name, e.currentTarget.value)}>
                      <For each={choices()}>{([value, label]) => <option value={value}>{label}</option>}</For>
                    </select>
                  )}
                </Show>
                <Show when={fromRepository(field.name)}>
                  {(value) => (
                    <p class="muted small">
                      Set by aether.json in the repository to <code>{value()}</code>, which wins over this field.
                    </p>
                  )}
                </Show>
                <Show when={errorOf(field.name)}>
                  {(m) => (
                    <p class="field-error" id={`setting-${field.name}-error`}>
                      {m()}
                    </p>
                  )}
                </Show>
              </div>
            )}
          </For>
        </div>
        <div class="field">
          <label class="checkbox">
            <input type="checkbox" checked={form().autoDeploy} onChange={(e) => set('autoDeploy', e.currentTarget.checked)} />
            Deploy on push
          </label>
          <Show when={errorOf('autoDeploy')}>{(m) => <p class="field-error">{m()}</p>}</Show>
        </div>
        <div class="inline-actions">
          <button type="submit" class="primary" disabled={saving()}>
            Save
          </button>
          <Show when={saved()}>
            <span class="saved" role="status">
              Saved. The next deploy uses these settings.
            </span>
          </Show>
        </div>
        <FormError message={error()} />
      </form>
    </Section>
  );
}
