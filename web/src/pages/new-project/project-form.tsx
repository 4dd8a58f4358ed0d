import type { JSX } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { DetectedField } from '../../lib/detection-preview.js';
import type { ProjectForm } from '../../lib/project-request.js';
import { Field } from '../../ui/field.jsx';
import { FormError } from '../../ui/form-error.jsx';

type Errors = { fieldError: (field: string) => string | undefined; formError: () => string | undefined };

/**
 * The project's name, branch, root directory and build settings, each blank one left to detection;
 * `placeholders` show what was detected. `onSourceChange`: the branch or root directory changed.
 */
export function ProjectFields(props: {
  form: ProjectForm;
  setForm: SetStoreFunction<ProjectForm>;
  errors: Errors;
  branchPlaceholder: string;
  placeholders: Record<DetectedField, string>;
  onSlugEdited: () => void;
  onSourceChange: () => void;
}) {
  // The placeholder is read where the input is made, so it follows the detection.
  const text = (key: keyof ProjectForm, placeholder: () => string, extra: JSX.InputHTMLAttributes<HTMLInputElement> = {}) => (control: object) => (
    <input
      {...control}
      {...extra}
      type="text"
      autocomplete="off"
      spellcheck={false}
      placeholder={placeholder()}
      value={props.form[key]}
      onInput={(event) => props.setForm(key, event.currentTarget.value)}
    />
  );
  return (
    <>
      <Field label="Project name" hint="Also the start of its address; lower-case letters, digits and single hyphens." error={props.errors.fieldError('slug')}>
        {(control) => (
          <input
            {...control}
            type="text"
            autocomplete="off"
            spellcheck={false}
            required
            value={props.form.slug}
            onInput={(event) => {
              props.onSlugEdited();
              props.setForm('slug', event.currentTarget.value);
            }}
          />
        )}
      </Field>
      <div class="field-row">
        <Field label="Branch" error={props.errors.fieldError('branch')}>
          {text('branch', () => props.branchPlaceholder, { onChange: () => props.onSourceChange() })}
        </Field>
        <Field label="Root directory" error={props.errors.fieldError('rootDirectory')}>
          {text('rootDirectory', () => 'The repository’s root', { onChange: () => props.onSourceChange() })}
        </Field>
      </div>
      <fieldset class="settings">
        <legend>Build settings</legend>
        <p class="muted small">Leave a setting empty and Aether detects it from the repository.</p>
        <Field label="Install command" error={props.errors.fieldError('settings.installCommand')}>
          {text('installCommand', () => props.placeholders.installCommand, { class: 'mono' })}
        </Field>
        <Field label="Build command" error={props.errors.fieldError('settings.buildCommand')}>
          {text('buildCommand', () => props.placeholders.buildCommand, { class: 'mono' })}
        </Field>
        <Field label="Start command" error={props.errors.fieldError('settings.startCommand')}>
          {text('startCommand', () => props.placeholders.startCommand, { class: 'mono' })}
        </Field>
        <div class="field-row">
          <Field label="Output directory" error={props.errors.fieldError('settings.outputDir')}>
            {text('outputDir', () => props.placeholders.outputDir, { class: 'mono' })}
          </Field>
          <Field label="Port" error={props.errors.fieldError('settings.port')}>
            {text('port', () => props.placeholders.port, { inputMode: 'numeric' })}
          </Field>
        </div>
      </fieldset>
      <FormError message={props.errors.formError()} />
    </>
  );
}
