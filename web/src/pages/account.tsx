import { useNavigate } from '@solidjs/router';
import { createResource, createSignal, For, Show } from 'solid-js';
import type { NewTokenReply, TokenReply } from '../../../control/src/api/replies.js';
import { api } from '../api/client.js';
import { session } from '../api/session.js';
import { relativeTime } from '../lib/time-format.js';
import { Field } from '../ui/field.jsx';
import { FormError } from '../ui/form-error.jsx';
import { createFormFailure } from '../ui/form-failure.js';
import { Section } from '../ui/section.jsx';

export default function AccountPage() {
  return (
    <section class="form-page">
      <h1>Account</h1>
      <Show when={session.user()}>{(user) => <p class="muted break">Signed in as {user().email}</p>}</Show>
      <ApiTokens />
      <GitHubAccount />
      <Sessions />
    </section>
  );
}

function ApiTokens() {
  const [tokens, { refetch }] = createResource(() => api<TokenReply[]>('GET', '/tokens'));
  const [name, setName] = createSignal('');
  const [fresh, setFresh] = createSignal<NewTokenReply>();
  const [busy, setBusy] = createSignal(false);
  const failure = createFormFailure(['name']);
  const [revokeFailure, setRevokeFailure] = createSignal<unknown>();

  async function create(event: SubmitEvent) {
    event.preventDefault();
    failure.clear();
    setBusy(true);
    try {
      setFresh(await api<NewTokenReply>('POST', '/tokens', { name: name() }));
      setName('');
      void refetch();
    } catch (error) {
      failure.fail(error);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: TokenReply) {
    setRevokeFailure(undefined);
    try {
      await api('DELETE', `/tokens/${token.id}`);
      if (fresh()?.id === token.id) setFresh(undefined);
    } catch (error) {
      setRevokeFailure(() => error);
    }
    void refetch();
  }

  return (
    <Section class="account-section" id="tokens" title="API tokens">
      <p class="muted">For scripts and CI: send one as <code>Authorization: Bearer &lt;token&gt;</code> to the same API this dashboard uses.</p>
      <form class="inline-form" onSubmit={create} noValidate>
        <Field label="Token name" error={failure.fieldError('name')}>
          {(control) => <input {...control} type="text" autocomplete="off" placeholder="ci" value={name()} onInput={(event) => setName(event.currentTarget.value)} />}
        </Field>
        <button type="submit" class="primary" disabled={busy()}>
          Create token
        </button>
      </form>
      <FormError message={failure.formError()} />
      <Show when={fresh()}>{(token) => <NewToken token={token().token} />}</Show>
      <FormError failure={tokens.error} />
      <FormError failure={revokeFailure()} />
      <Show when={!tokens.error && tokens.latest}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="muted">No tokens yet.</p>}>
            <ul class="token-list">
              <For each={list()}>{(token) => <TokenRow token={token} onRevoke={() => void revoke(token)} />}</For>
            </ul>
          </Show>
        )}
      </Show>
    </Section>
  );
}

function NewToken(props: { token: string }) {
  return (
    <div class="card new-token">
      <div class="field">
        <label for="new-token">New token</label>
        <input id="new-token" class="mono" type="text" readOnly value={props.token} aria-describedby="new-token-note" onFocus={(event) => event.currentTarget.select()} />
        <p id="new-token-note" class="field-hint muted">
          Copy it now: it is shown once. Aether keeps only its hash, so nobody can show it again.
        </p>
      </div>
    </div>
  );
}

function TokenRow(props: { token: TokenReply; onRevoke: () => void }) {
  const now = Date.now();
  const expiry = () => {
    const expiresAt = props.token.expiresAt;
    if (expiresAt === null) return 'never expires';
    return Date.parse(expiresAt) <= now ? 'expired' : `expires ${expiresAt.slice(0, 10)}`;
  };
  return (
    <li>
      <div class="token-what">
        <strong class="break">{props.token.name}</strong>
        <span class="muted small">
          created {relativeTime(props.token.createdAt, now)} · {props.token.lastUsedAt === null ? 'never used' : `last used ${relativeTime(props.token.lastUsedAt, now)}`} · {expiry()}
        </span>
      </div>
      <button type="button" class="danger" aria-label={`Revoke ${props.token.name}`} onClick={() => props.onRevoke()}>
        Revoke
      </button>
    </li>
  );
}

function GitHubAccount() {
  return (
    <Section class="account-section" id="github" title="Connected GitHub account">
      <Show
        when={session.user()?.githubLogin}
        fallback={
          <>
            <p class="muted">Not connected. Connect GitHub to import your repositories and deploy on every push.</p>
            <a class="button" href="/api/github/connect" rel="external">
              Connect GitHub
            </a>
          </>
        }
      >
        {(login) => (
          <p>
            Connected as <strong>{login()}</strong>
          </p>
        )}
      </Show>
    </Section>
  );
}

function Sessions() {
  const navigate = useNavigate();
  const [failure, setFailure] = createSignal<unknown>();

  async function signOutEverywhere() {
    setFailure(undefined);
    try {
      await api('POST', '/auth/logout-everywhere');
      session.signedOut();
      navigate('/sign-in');
    } catch (error) {
      setFailure(() => error);
    }
  }

  return (
    <Section class="account-section" id="sessions" title="Sessions">
      <p class="muted">Signs this account out of every browser, this one included. API tokens keep working until you revoke them.</p>
      <FormError failure={failure()} />
      <button type="button" class="danger" onClick={() => void signOutEverywhere()}>
        Sign out everywhere
      </button>
    </Section>
  );
}
