import { A, useLocation, useNavigate } from '@solidjs/router';
import { createEffect, createSignal, type JSX, lazy, onCleanup, Show, Suspense } from 'solid-js';
import { api } from '../api/client.js';
import { session } from '../api/session.js';
import { isTextField, shortcutOf } from '../palette/shortcuts.js';

// Its own chunk: nobody pays for the palette before pressing Ctrl/⌘-K.
const CommandPalette = lazy(() => import('../palette/command-palette.jsx'));

/** Pages anyone may open; every other sends a signed-out visitor to sign in. */
const PUBLIC_PATHS = new Set(['/sign-in']);

export function Shell(props: { children?: JSX.Element }) {
  const location = useLocation();
  const navigate = useNavigate();
  createEffect(() => {
    if (session.user() === null && !PUBLIC_PATHS.has(location.pathname)) navigate(`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  });

  const [paletteOpen, setPaletteOpen] = createSignal(false);
  const onKeyDown = (event: KeyboardEvent) => {
    if (session.user() == null || paletteOpen()) return;
    const shortcut = shortcutOf({ key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, inTextField: isTextField(document.activeElement) });
    if (shortcut === null) return;
    event.preventDefault();
    if (shortcut.kind === 'palette') setPaletteOpen(true);
    else navigate(shortcut.path);
  };
  document.addEventListener('keydown', onKeyDown);
  onCleanup(() => document.removeEventListener('keydown', onKeyDown));

  async function signOut() {
    await api('POST', '/auth/logout').catch(() => undefined);
    session.signedOut();
    navigate('/sign-in');
  }

  return (
    <div class="shell">
      <header class="topbar">
        <A href="/" class="brand" end>
          Aether
        </A>
        <Show when={session.user()}>
          {(user) => (
            <nav aria-label="Main">
              <A href="/" end>
                Projects
              </A>
              <A href="/new">New project</A>
              <A href="/account">{user().name ?? user().email}</A>
              <button type="button" class="link" aria-keyshortcuts="Control+K Meta+K" onClick={() => setPaletteOpen(true)}>
                Search <kbd>Ctrl K</kbd>
              </button>
              <button type="button" class="link" onClick={signOut}>
                Sign out
              </button>
            </nav>
          )}
        </Show>
      </header>
      <Show when={paletteOpen()}>
        <CommandPalette onClose={() => setPaletteOpen(false)} />
      </Show>
      <main class="page">
        <Suspense fallback={<p class="muted">Loading…</p>}>
          {/* A signed-out visitor is on the way to sign in: the page would only ask the API for what it refuses. */}
          <Show when={session.user() !== null || PUBLIC_PATHS.has(location.pathname)}>{props.children}</Show>
        </Suspense>
      </main>
    </div>
  );
}
