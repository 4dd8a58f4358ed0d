import { A, useNavigate } from '@solidjs/router';
import { createSignal, Show } from 'solid-js';
import { api, messageOf } from '../api/client.js';
import { FormError } from '../ui/form-error.jsx';
import { Section } from '../ui/section.jsx';

// Deleting takes the project's containers, images, routes and records with it: the user types
// its slug first, so that it is never one click away.

export function DeleteProject(props: { slug: string; projectPath: string }) {
  const navigate = useNavigate();
  const [typed, setTyped] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [webhook, setWebhook] = createSignal<string | null>(null);

  async function remove(event: SubmitEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // 200 instead of 204: deleted, but GitHub kept the push webhook, which the user removes there.
      const reply = await api<{ webhook: { reason: string } } | undefined>('DELETE', props.projectPath);
      if (reply === undefined) navigate('/');
      else setWebhook(reply.webhook.reason);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section class="settings-section" id="delete" title="Delete project">
      <Show
        when={webhook()}
        fallback={
          <form class="card danger-zone" onSubmit={(e) => void remove(e)}>
            <p>This stops every deployment of the project and removes its images, domains, variables and logs. It cannot be undone.</p>
            <div class="field">
              <label for="delete-confirm">Type {props.slug} to confirm</label>
              <input id="delete-confirm" class="mono" autocomplete="off" spellcheck={false} value={typed()} onInput={(e) => setTyped(e.currentTarget.value)} />
            </div>
            <button type="submit" class="danger" disabled={typed() !== props.slug || busy()}>
              Delete project
            </button>
            <FormError message={error()} />
          </form>
        }
      >
        {(reason) => (
          <div class="card" role="alert">
            <p>The project is deleted, but its push webhook could not be removed from GitHub: {reason()}. Remove it in the repository's settings on GitHub.</p>
            <A href="/">Back to projects</A>
          </div>
        )}
      </Show>
    </Section>
  );
}
