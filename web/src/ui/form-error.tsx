import { Show } from 'solid-js';
import { messageOf } from '../api/client.js';

/**
 * A failure no single field shows (the form's, or an action's), announced as it appears: given
 * as the message itself, or as the failure to explain.
 */
export function FormError(props: { message?: string | null | undefined; failure?: unknown }) {
  const message = () => props.message ?? (props.failure === undefined ? undefined : messageOf(props.failure));
  return (
    <Show when={message()}>
      {(text) => (
        <p class="form-error" role="alert">
          {text()}
        </p>
      )}
    </Show>
  );
}
