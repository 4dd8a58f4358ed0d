import { createSignal } from 'solid-js';
import { ApiFailure, messageOf } from '../api/client.js';

/**
 * A form's last failure, split the way the form shows it: beside the field the API named when
 * the form has that field, otherwise once above the buttons. A form whose fields come and go
 * gives them as a function.
 */
export function createFormFailure(fields: readonly string[] | (() => readonly string[])) {
  const [failure, setFailure] = createSignal<unknown>();
  const shown = typeof fields === 'function' ? fields : () => fields;
  const named = (error: unknown) => error instanceof ApiFailure && error.field !== undefined && shown().includes(error.field);
  return {
    /** The message for the field the API named, dotted as it names it (`settings.port`). */
    fieldError(field: string): string | undefined {
      const error = failure();
      return error instanceof ApiFailure && error.field === field ? error.message : undefined;
    },
    /** Every failure no field of the form shows. */
    formError(): string | undefined {
      const error = failure();
      return error === undefined || named(error) ? undefined : messageOf(error);
    },
    fail: (error: unknown) => setFailure(() => error),
    clear: () => setFailure(undefined),
  };
}
