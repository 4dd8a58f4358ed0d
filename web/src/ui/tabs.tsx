import { createUniqueId, For, type JSX } from 'solid-js';

export interface Tab<T extends string> {
  id: T;
  title: string;
}

/**
 * Tabs as the ARIA pattern has them: one tab stop for the list, arrow keys move between tabs,
 * and the panel below (`children`, the selected tab's content) is named by its tab.
 */
export function Tabs<T extends string>(props: { label: string; tabs: readonly Tab<T>[]; selected: T; onSelect: (id: T) => void; children: JSX.Element }) {
  const base = createUniqueId();
  const tabId = (id: T) => `${base}-tab-${id}`;
  let list: HTMLDivElement | undefined;

  function onKeyDown(event: KeyboardEvent) {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (step === undefined) return;
    const index = props.tabs.findIndex((tab) => tab.id === props.selected);
    const next = props.tabs[(index + step + props.tabs.length) % props.tabs.length]!;
    props.onSelect(next.id);
    list?.querySelector<HTMLElement>(`#${CSS.escape(tabId(next.id))}`)?.focus();
  }

  return (
    <div class="tabs">
      <div role="tablist" aria-label={props.label} class="tab-list" ref={list} onKeyDown={onKeyDown}>
        <For each={props.tabs}>
          {(tab) => (
            <button
              type="button"
              role="tab"
              id={tabId(tab.id)}
              aria-selected={tab.id === props.selected}
              aria-controls={`${base}-panel`}
              tabIndex={tab.id === props.selected ? 0 : -1}
              onClick={() => props.onSelect(tab.id)}
            >
              {tab.title}
            </button>
          )}
        </For>
      </div>
      <div role="tabpanel" id={`${base}-panel`} aria-labelledby={tabId(props.selected)} class="tab-panel">
        {props.children}
      </div>
    </div>
  );
}
