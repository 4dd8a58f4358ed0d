import { describe, expect, it } from 'vitest';
import { type KeyPress, shortcutOf } from './shortcuts.js';

const press = (key: string, more: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, inTextField: false, ...more });

describe('keyboard shortcuts', () => {
  it('open the palette with Ctrl-K or ⌘-K, even while typing in a field', () => {
    expect(shortcutOf(press('k', { ctrlKey: true }))).toEqual({ kind: 'palette' });
    expect(shortcutOf(press('K', { metaKey: true, inTextField: true }))).toEqual({ kind: 'palette' });
    expect(shortcutOf(press('k'))).toBeNull();
  });

  it('go where an action’s key says, but never while the user types text or holds a modifier', () => {
    expect(shortcutOf(press('n'))).toEqual({ kind: 'go', path: '/new' });
    expect(shortcutOf(press('n', { inTextField: true }))).toBeNull();
    expect(shortcutOf(press('n', { ctrlKey: true }))).toBeNull();
    expect(shortcutOf(press('x'))).toBeNull();
  });
});
