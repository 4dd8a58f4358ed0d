import type { JSX } from 'solid-js';
import type { SetStoreFunction } from 'solid-js/store';
import type { ProjectForm } from '../../lib/project-request.js';
import { Field } from '../../ui/field.jsx';
import { FormError } from '../../ui/form-error.jsx';

type Errors = { fieldError: (field: string) => string | undefined; formError: () => string | undefined };

/** The project's name, branch, root directory and build settings, each blank one left to detection. */
export function ProjectFields(props: { form: ProjectForm; setForm: SetStoreFunction<ProjectForm>; errors: Errors; branchPlaceholder: string; onSlugEdited: () => void }) {
  const text = (key: keyof ProjectForm, extra: JSX.InputHTMLAttributes<HTMLInputElement> = {}) => (control: object) => (
    <input {...control} {...extra} type="text" autocomplete="off" spellcheck={false} value={props.form[key]} onInput={(event) => props.setForm(key, event.currentTarget.value)} />
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
          {text('branch', { placeholder: props.branchPlaceholder })}
        </Field>
        <Field label="Root directory" error={props.errors.fieldError('rootDirectory')}>
          {text('rootDirectory', { placeholder: 'The repository’s root' })}
        </Field>
      </div>
      <fieldset class="settings">
        <legend>Build settings</legend>
        <p class="muted small">Leave a setting empty and Aether detects it from the repository.</p>
        <Field label="Install command" error={props.errors.fieldError('settings.installCommand')}>
          {text('installCommand', { placeholder: 'Detected automatically', class: 'mono' })}
        </Field>
        <Field label="Build command" error={props.errors.fieldError('settings.buildCommand')}>
          {text('buildCommand', { placeholder: 'Detected automatically', class: 'mono' })}
        </Field>
        <Field label="Start command" error={props.errors.fieldError('settings.startCommand')}>
          {text('startCommand', { placeholder: 'Detected automatically', class: 'mono' })}
        </Field>
        <div class="field-row">
          <Field label="Output directory" error={props.errors.fieldError('settings.outputDir')}>
            {text('outputDir', { placeholder: 'Detected automatically', class: 'mono' })}
          </Field>
          <Field label="Port" error={props.errors.fieldError('settings.port')}>
            {text('port', { placeholder: 'Detected automatically', inputMode: 'numeric' })}
          </Field>
        </div>
      </fieldset>
      <FormError message={props.errors.formError()} />
    </>
  );
}
