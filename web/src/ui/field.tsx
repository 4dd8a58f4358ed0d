import { createUniqueId, type JSX, Show } from 'solid-js';

/** What a control needs to be tied to its label, its hint and its error. */
export interface FieldControl {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

/**
 * A labelled form control with an optional hint and the API's complaint about it below:
 * `children` receives the attributes to spread on the control.
 */
export function Field(props: { label: string; hint?: string | undefined; error?: string | undefined; children: (control: FieldControl) => JSX.Element }) {
  const id = createUniqueId();
  const describedBy = () => [props.hint !== undefined ? `${id}-hint` : '', props.error !== undefined ? `${id}-error` : ''].filter((part) => part !== '').join(' ');
  const control = (): FieldControl => ({
    id,
    ...(describedBy() !== '' && { 'aria-describedby': describedBy() }),
    ...(props.error !== undefined && { 'aria-invalid': true }),
  });
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children(control())}
      <Show when={props.hint}>
        <p class="field-hint muted" id={`${id}-hint`}>
          {props.hint}
        </p>
      </Show>
      <Show when={props.error}>
        <p class="field-error" id={`${id}-error`}>
          {props.error}
        </p>
      </Show>
    </div>
  );
}
