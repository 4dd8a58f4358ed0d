import { useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import type { DeploymentReply, VariableReply } from '../../../control/src/api/replies.js';
import { ApiFailure, api, messageOf } from '../api/client.js';
import { FormError } from '../ui/form-error.jsx';
import { Section } from '../ui/section.jsx';
import { removeLabel } from './variable-names.js';

// The project's variables: keys, scopes and secrecy are listed, values never (the API does not
// return them). A value is typed into a password field, shown only while the user asks.

const SCOPES: ReadonlyArray<VariableReply['scope']> = ['production', 'preview', 'build'];

/** Which field a refusal belongs beside; the rest show under the form. */
type Place = 'key' | 'value' | 'text' | 'form';

export function EnvEditor(props: { projectPath: string }) {
  const navigate = useNavigate();
  const [variables, { refetch }] = createResource(() => props.projectPath, (p) => api<VariableReply[]>('GET', `${p}/env`));
  const [key, setKey] = createSignal('');
  const [value, setValue] = createSignal('');
  const [revealed, setRevealed] = createSignal(false);
  const [scope, setScope] = createSignal<VariableReply['scope']>('production');
  const [secret, setSecret] = createSignal(true);
  const [dotenv, setDotenv] = createSignal('');
  const [error, setError] = createSignal<{ place: Place; message: string } | null>(null);
  const [notice, setNotice] = createSignal<string | null>(null);

  const errorAt = (place: Place) => (error()?.place === place ? error()!.message : null);

  async function send(work: () => Promise<unknown>, fieldPlace: (field: string | undefined) => Place): Promise<boolean> {
    setError(null);
    setNotice(null);
    try {
      await work();
      void refetch();
      return true;
    } catch (failure) {
      setError({ place: fieldPlace(failure instanceof ApiFailure ? failure.field : undefined), message: messageOf(failure) });
      return false;
    }
  }

  async function add(event: SubmitEvent) {
    event.preventDefault();
    const added = await send(
      () => api('PUT', `${props.projectPath}/env`, { key: key().trim(), value: value(), scope: scope(), secret: secret() }),
      (field) => (field === 'key' || field === 'value' ? field : 'form'),
    );
    if (added) {
      setNotice(`${key().trim()} is set for ${scope()}.`);
      setKey('');
      setValue('');
      setRevealed(false);
    }
  }

  async function importText() {
    let keys: string[] = [];
    const imported = await send(
      async () => (keys = (await api<{ imported: string[] }>('POST', `${props.projectPath}/env/import`, { text: dotenv(), scope: scope(), secret: secret() })).imported),
      () => 'text',
    );
    if (imported) {
      setNotice(keys.length === 0 ? 'The file holds no variable.' : `Imported ${keys.join(', ')} for ${scope()}.`);
      setDotenv('');
    }
  }

  const remove = (v: VariableReply) => send(() => api('DELETE', `${props.projectPath}/env/${v.scope}/${encodeURIComponent(v.key)}`), () => 'form');

  async function redeploy() {
    setError(null);
    try {
      const deployment = await api<DeploymentReply>('POST', `${props.projectPath}/deployments`);
      navigate(`${props.projectPath}/deployments/${deployment.id}`);
    } catch (failure) {
      setError({ place: 'form', message: messageOf(failure) });
    }
  }

  return (
    <Section class="settings-section" id="env" title="Environment variables">
      <p class="note">
        Changes apply on the next deploy: running deployments keep the variables they started with.{' '}
        <button type="button" onClick={() => void redeploy()}>
          Redeploy now
        </button>
      </p>

      <Show when={variables.error}>{(e) => <p role="alert">{messageOf(e())}</p>}</Show>
      <Show when={!variables.error && variables.latest}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">No variables yet.</p>}>
            <table class="variables">
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">Value</th>
                  <th scope="col">Scope</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                <For each={list()}>
                  {(v) => (
                    <tr>
                      <td data-label="Key">
                        <code>{v.key}</code>
                      </td>
                      <td data-label="Value" class="muted">
                        {v.secret ? 'secret, write-only' : 'write-only'}
                      </td>
                      <td data-label="Scope">{v.scope}</td>
                      <td>
                        <div class="row-actions">
                          <button type="button" class="danger" aria-label={removeLabel(v, list())} onClick={() => void remove(v)}>
                            Remove
                          </button>
                        </div>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Show>

      <form class="card spaced" onSubmit={(e) => void add(e)}>
        <div class="form-grid">
          <div class="field">
            <label for="env-key">Key</label>
            <input id="env-key" class="mono" autocomplete="off" spellcheck={false} value={key()} onInput={(e) => setKey(e.currentTarget.value)} required />
            <Show when={errorAt('key')}>{(m) => <p class="field-error">{m()}</p>}</Show>
          </div>
          <div class="field">
            <label for="env-value">Value</label>
            <div class="with-toggle">
              <input id="env-value" class="mono" type={revealed() ? 'text' : 'password'} autocomplete="off" value={value()} onInput={(e) => setValue(e.currentTarget.value)} />
              <button type="button" aria-pressed={revealed()} aria-controls="env-value" onClick={() => setRevealed(!revealed())}>
                {revealed() ? 'Hide' : 'Show'}
              </button>
            </div>
            <Show when={errorAt('value')}>{(m) => <p class="field-error">{m()}</p>}</Show>
          </div>
          <div class="field">
            <label for="env-scope">Scope</label>
            <select id="env-scope" value={scope()} onChange={(e) => setScope(e.currentTarget.value as VariableReply['scope'])}>
              <For each={SCOPES}>{(s) => <option value={s}>{s}</option>}</For>
            </select>
          </div>
        </div>
        <div class="field">
          <label class="checkbox">
            <input type="checkbox" checked={secret()} onChange={(e) => setSecret(e.currentTarget.checked)} />
            Secret
          </label>
          <p class="muted">A secret's value is masked in build logs. No value is ever shown again once saved.</p>
        </div>
        <button type="submit" class="primary">
          Add variable
        </button>

        <div class="field spaced">
          <label for="env-file">Paste a .env file</label>
          <textarea id="env-file" class="mono" rows={5} spellcheck={false} placeholder={'DATABASE_URL=postgres://…\nAPI_KEY="…"'} value={dotenv()} onInput={(e) => setDotenv(e.currentTarget.value)} />
          <p class="muted">Every variable in it is set with the scope and secrecy chosen above; one bad line and none is.</p>
          <Show when={errorAt('text')}>{(m) => <p class="field-error">{m()}</p>}</Show>
        </div>
        <button type="button" disabled={dotenv().trim() === ''} onClick={() => void importText()}>
          Import
        </button>
        <FormError message={errorAt('form')} />
        <Show when={notice()}>
          {(m) => (
            <p class="saved" role="status">
              {m()}
            </p>
          )}
        </Show>
      </form>
    </Section>
  );
}
