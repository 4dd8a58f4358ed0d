import { ACTIONS } from './commands.js';

// The keys the shell answers to: Ctrl/⌘-K opens the palette from anywhere; an action's single
// key works only outside text fields, where typing it means the letter.

export type Shortcut = { kind: 'palette' } | { kind: 'go'; path: string } | null;

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focus is where typing writes text: an input, a textarea, a select or an editable element. */
  inTextField: boolean;
}

export function shortcutOf(press: KeyPress): Shortcut {
  const key = press.key.toLowerCase();
  if (key === 'k' && (press.ctrlKey || press.metaKey) && !press.altKey) return { kind: 'palette' };
  if (press.ctrlKey || press.metaKey || press.altKey || press.inTextField) return null;
  const action = ACTIONS.find((a) => a.key === key);
  return action === undefined ? null : { kind: 'go', path: action.path };
}

export function isTextField(element: Element | null): boolean {
  if (element === null) return false;
  return element.matches('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
}
