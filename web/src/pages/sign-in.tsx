import { A, useNavigate, useSearchParams } from '@solidjs/router';
import { createEffect, createResource, createSignal, Show } from 'solid-js';
import type { AuthStatusReply, UserReply } from '../../../control/src/api/replies.js';
import { api } from '../api/client.js';
import { session } from '../api/session.js';
import { nextPath } from '../lib/next-path.js';
import { Field } from '../ui/field.jsx';
import { FormError } from '../ui/form-error.jsx';
import { createFormFailure } from '../ui/form-failure.js';

type Params = { next?: string; invite?: string; mode?: string };

/** Sign-in, sign-up, and on a fresh install the admin's account: which one the API's status and the link decide. */
export default function SignInPage() {
  const [params] = useSearchParams<Params>();
  const navigate = useNavigate();
  const [status] = createResource(() => api<AuthStatusReply>('GET', '/auth/status'));
  const destination = () => nextPath(params.next);

  // Signing in sets the session, and so leaves this page; so does opening it signed in.
  createEffect(() => {
    if (session.user()) navigate(destination(), { replace: true });
  });

  const firstRun = () => status()?.signUp === 'first-run';
  const signingUp = () => firstRun() || (params.mode === 'sign-up' && (status()?.signUp === 'open' || params.invite !== undefined));

  return (
    <section class="narrow">
      <Show when={status.error}>
        <p class="form-error" role="alert">
          The control service does not answer. Check that Aether is running, then reload this page.
        </p>
      </Show>
      <Show when={!status.error && status()}>
        {(known) => (
          <Show when={signingUp()} fallback={<SignInForm status={known()} params={params} />}>
            <SignUpForm firstRun={firstRun()} params={params} />
          </Show>
        )}
      </Show>
    </section>
  );
}

/** `/sign-in` keeping `next` and `invite`, in the given mode. */
function signInHref(params: Params, mode: 'sign-up' | undefined): string {
  const query = new URLSearchParams();
  if (params.next !== undefined) query.set('next', params.next);
  if (params.invite !== undefined) query.set('invite', params.invite);
  if (mode !== undefined) query.set('mode', mode);
  const search = query.toString();
  return search === '' ? '/sign-in' : `/sign-in?${search}`;
}

function gitHubHref(params: Params): string {
  return params.invite === undefined ? '/api/auth/github' : `/api/auth/github?${new URLSearchParams({ invite: params.invite })}`;
}

function SignInForm(props: { status: AuthStatusReply; params: Params }) {
  return (
    <>
      <h1>Sign in</h1>
      <Show when={props.status.github}>
        <p>
          <a class="button wide" href={gitHubHref(props.params)} rel="external">
            Continue with GitHub
          </a>
        </p>
        <p class="muted divider">or with your email</p>
      </Show>
      <CredentialsForm path="/auth/login" submit="Sign in" passwordAutocomplete="current-password" />
      <Show when={props.status.signUp === 'open' || props.params.invite !== undefined}>
        <p>
          New here? <A href={signInHref(props.params, 'sign-up')}>Create an account</A>
        </p>
      </Show>
    </>
  );
}

function SignUpForm(props: { firstRun: boolean; params: Params }) {
  return (
    <>
      <h1>{props.firstRun ? 'Create the admin account' : 'Create an account'}</h1>
      <Show when={props.firstRun}>
        <p class="muted">This is a new install: the first account administers it. Later accounts need open sign-up or your invite.</p>
      </Show>
      <CredentialsForm
        path="/auth/signup"
        askName
        submit="Create account"
        passwordAutocomplete="new-password"
        passwordHint="At least 10 characters."
        {...(props.params.invite !== undefined && { invite: props.params.invite })}
      />
      <Show when={!props.firstRun}>
        <p>
          Have an account? <A href={signInHref(props.params, undefined)}>Sign in instead</A>
        </p>
      </Show>
    </>
  );
}

function CredentialsForm(props: {
  path: '/auth/login' | '/auth/signup';
  submit: string;
  passwordAutocomplete: 'current-password' | 'new-password';
  passwordHint?: string;
  invite?: string;
  /** Sign-up asks what to call the user; signing in does not. */
  askName?: boolean;
}) {
  const [name, setName] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [password, setPassword] = createSignal('');
  const [busy, setBusy] = createSignal(false);
  const failure = createFormFailure(['name', 'email', 'password']);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setBusy(true);
    failure.clear();
    try {
      const body = {
        ...(props.askName && name().trim() !== '' && { name: name().trim() }),
        email: email().trim(),
        password: password(),
        ...(props.invite !== undefined && { invite: props.invite }),
      };
      session.signedIn(await api<UserReply>('POST', props.path, body));
    } catch (error) {
      failure.fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Show when={props.askName}>
        <Field label="Name" error={failure.fieldError('name')}>
          {(control) => <input {...control} type="text" name="name" autocomplete="name" value={name()} onInput={(event) => setName(event.currentTarget.value)} />}
        </Field>
      </Show>
      <Field label="Email" error={failure.fieldError('email')}>
        {(control) => <input {...control} type="email" name="email" autocomplete="username" required value={email()} onInput={(event) => setEmail(event.currentTarget.value)} />}
      </Field>
      <Field label="Password" hint={props.passwordHint} error={failure.fieldError('password')}>
        {(control) => (
          <input {...control} type="password" name="password" autocomplete={props.passwordAutocomplete} required value={password()} onInput={(event) => setPassword(event.currentTarget.value)} />
        )}
      </Field>
      <FormError message={failure.formError()} />
      <button type="submit" class="primary wide" disabled={busy()}>
        {props.submit}
      </button>
    </form>
  );
}
