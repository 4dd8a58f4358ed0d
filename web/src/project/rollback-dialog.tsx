import { createEffect, createSignal, Show } from 'solid-js';
import type { DeploymentReply } from '../../../control/src/api/replies.js';
import { messageOf } from '../api/client.js';
import { FormError } from '../ui/form-error.jsx';
import { commitTitle, shortId } from './format.js';

// Asks before a rollback, and says what it brings back: the image and the variables that
// deployment ran with, not today's.

export function RollbackDialog(props: { target: DeploymentReply | null; onConfirm: (target: DeploymentReply) => Promise<void>; onClose: () => void }) {
  let dialog!: HTMLDialogElement;
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);

  createEffect(() => {
    if (props.target !== null && !dialog.open) {
      setError(null);
      dialog.showModal();
    } else if (props.target === null && dialog.open) dialog.close();
  });

  async function confirm(target: DeploymentReply) {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm(target);
      props.onClose();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} class="dialog" aria-labelledby="rollback-heading" onClose={() => props.onClose()}>
      <Show when={props.target}>
        {(target) => (
          <>
            <h2 id="rollback-heading">Roll back?</h2>
            <p>
              Deployment <code>{shortId(target().id)}</code>
              <Show when={commitTitle(target().commitMessage)}>{(title) => <> ({title()})</>}</Show> goes live again as a new deployment.
            </p>
            <p>The rollback restores that deployment's image and the variables it ran with; variables changed since then apply from the next deploy.</p>
            <FormError message={error()} />
            <div class="dialog-actions">
              <button type="button" class="primary" disabled={busy()} onClick={() => void confirm(target())}>
                {busy() ? 'Rolling back…' : 'Roll back'}
              </button>
              <button type="button" disabled={busy()} onClick={() => props.onClose()}>
                Cancel
              </button>
            </div>
          </>
        )}
      </Show>
    </dialog>
  );
}
