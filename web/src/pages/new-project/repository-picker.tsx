import { createEffect, createResource, createSignal, For, on, onCleanup, Show } from 'solid-js';
import type { AuthStatusReply, RepositoryPageReply } from '../../../../control/src/api/replies.js';
import { api, messageOf } from '../../api/client.js';
import { session } from '../../api/session.js';
import { relativeTime } from '../../lib/time-format.js';
import { FormError } from '../../ui/form-error.jsx';

export type Repository = RepositoryPageReply['repositories'][number];

/** Waits this long after the last key before asking GitHub, which rate-limits searches. */
const SEARCH_DELAY_MS = 250;
const PER_PAGE = 30;

/** The user's GitHub repositories, searchable and a page at a time; or why they cannot be listed. */
export function RepositoryPicker(props: { onChoose: (repository: Repository) => void }) {
  const [status] = createResource(() => api<AuthStatusReply>('GET', '/auth/status'));
  return (
    <Show when={!status.error && status()} fallback={<p class={status.error ? 'form-error' : 'muted'}>{status.error ? messageOf(status.error) : 'Loading…'}</p>}>
      {(known) => (
        <Show when={known().github} fallback={<p class="muted">GitHub is not set up on this install. Use the Git URL tab to deploy any repository by its URL.</p>}>
          <Show when={session.user()?.githubLogin} fallback={<ConnectGitHub />}>
            <RepositoryList onChoose={props.onChoose} />
          </Show>
        </Show>
      )}
    </Show>
  );
}

function ConnectGitHub() {
  return (
    <div class="card empty">
      <p>Connect your GitHub account to list your repositories here. Aether adds a webhook to a repository you import, so each push deploys it.</p>
      <a class="button primary" href="/api/github/connect" rel="external">
        Connect GitHub
      </a>
    </div>
  );
}

function RepositoryList(props: { onChoose: (repository: Repository) => void }) {
  const [search, setSearch] = createSignal('');
  const [query, setQuery] = createSignal('');
  const [pages, setPages] = createSignal<RepositoryPageReply[]>([]);
  const [loading, setLoading] = createSignal(false);
  const [failure, setFailure] = createSignal<unknown>();
  // A newer search makes the answers to older ones stale, whichever arrives last.
  let generation = 0;

  createEffect(
    on(search, (text) => {
      const timer = setTimeout(() => setQuery(text.trim()), SEARCH_DELAY_MS);
      onCleanup(() => clearTimeout(timer));
    }),
  );
  createEffect(on(query, (text) => void load(text, 1)));

  async function load(text: string, page: number) {
    const mine = page === 1 ? ++generation : generation;
    setLoading(true);
    try {
      const params = new URLSearchParams({ page: String(page), perPage: String(PER_PAGE), ...(text !== '' && { search: text }) });
      const reply = await api<RepositoryPageReply>('GET', `/github/repositories?${params}`);
      if (mine !== generation) return;
      setPages(page === 1 ? [reply] : [...pages(), reply]);
      setFailure(undefined);
    } catch (error) {
      if (mine === generation) setFailure(() => error);
    } finally {
      if (mine === generation) setLoading(false);
    }
  }

  const repositories = () => pages().flatMap((page) => page.repositories);
  const nextPage = () => pages().at(-1)?.nextPage ?? null;
  const now = Date.now();

  return (
    <div>
      <div class="field">
        <label for="repository-search">Search repositories</label>
        <input id="repository-search" type="search" autocomplete="off" value={search()} onInput={(event) => setSearch(event.currentTarget.value)} />
      </div>
      <FormError failure={failure()} />
      <Show when={!loading() && failure() === undefined && repositories().length === 0}>
        <p class="muted">{query() === '' ? 'No repositories on this GitHub account yet.' : `No repository of yours has “${query()}” in its name.`}</p>
      </Show>
      <ul class="repository-list" aria-busy={loading()}>
        <For each={repositories()}>
          {(repository) => (
            <li>
              <div class="repository-name">
                <span class="break">{repository.fullName}</span>
                <Show when={repository.private}>
                  <span class="tag">Private</span>
                </Show>
                <span class="muted small">updated {relativeTime(repository.updatedAt, now)}</span>
              </div>
              <button type="button" aria-label={`Import ${repository.fullName}`} onClick={() => props.onChoose(repository)}>
                Import
              </button>
            </li>
          )}
        </For>
      </ul>
      <Show when={loading()}>
        <p class="muted">Loading…</p>
      </Show>
      <Show when={nextPage()}>
        {(page) => (
          <button type="button" disabled={loading()} onClick={() => void load(query(), page())}>
            More
          </button>
        )}
      </Show>
    </div>
  );
}
