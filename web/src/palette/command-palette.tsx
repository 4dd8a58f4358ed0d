import { useNavigate } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, onMount, Show } from 'solid-js';
import type { ProjectReply } from '../../../control/src/api/replies.js';
import { api } from '../api/client.js';
import { ACTIONS, type Command, matchCommands, projectCommands } from './commands.js';
import './command-palette.css';

// Ctrl/⌘-K from anywhere: type to find a project, a deployment or an action, Enter to go. A
// modal <dialog>, so focus stays inside it and Escape closes it.

export default function CommandPalette(props: { onClose: () => void }) {
  const navigate = useNavigate();
  const [projects] = createResource(() => api<ProjectReply[]>('GET', '/projects?perPage=100').catch(() => []));
  const [query, setQuery] = createSignal('');
  const [active, setActive] = createSignal(0);
  const matches = createMemo(() => matchCommands([...ACTIONS, ...projectCommands(projects() ?? [])], query()));
  let dialog!: HTMLDialogElement;

  onMount(() => dialog.showModal());

  function choose(command: Command | undefined) {
    if (command === undefined) return;
    dialog.close();
    navigate(command.path);
  }

  function onKeyDown(event: KeyboardEvent) {
    const count = matches().length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (count > 0) setActive((at) => (at + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      choose(matches()[active()]);
    }
  }

  return (
    <dialog ref={dialog} class="palette" aria-label="Command palette" onClose={() => props.onClose()}>
      <label for="palette-query" class="visually-hidden">
        Search commands
      </label>
      <input
        id="palette-query"
        type="search"
        autocomplete="off"
        placeholder="Jump to a project, a deployment or an action…"
        role="combobox"
        aria-expanded="true"
        aria-controls="palette-results"
        aria-activedescendant={matches().length > 0 ? `palette-option-${active()}` : undefined}
        value={query()}
        onInput={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id="palette-results" role="listbox" aria-label="Commands">
        <For each={matches()}>
          {(command, index) => (
            <li
              id={`palette-option-${index()}`}
              role="option"
              aria-selected={index() === active()}
              classList={{ active: index() === active() }}
              onMouseMove={() => setActive(index())}
              onClick={() => choose(command)}
            >
              <span class="palette-group">{command.group}</span>
              <span class="palette-label">{command.label}</span>
              <Show when={command.key}>{(key) => <kbd>{key().toUpperCase()}</kbd>}</Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={matches().length === 0}>
        <p class="muted palette-empty">Nothing matches “{query()}”.</p>
      </Show>
      <p class="muted palette-hint">
        <kbd>↑</kbd> <kbd>↓</kbd> to move, <kbd>Enter</kbd> to go, <kbd>Esc</kbd> to close
      </p>
    </dialog>
  );
}
