import { describe, expect, it } from 'vitest';
import { removeLabel } from './variable-names.js';

describe('removeLabel', () => {
  const all = [
    { key: 'API_KEY', scope: 'production' as const },
    { key: 'API_KEY', scope: 'build' as const },
    { key: 'PORT', scope: 'production' as const },
  ];

  it('names the key alone when one scope holds it', () => {
    expect(removeLabel(all[2]!, all)).toBe('Remove PORT');
  });

  it('names the scope too when several hold the key', () => {
    expect(all.slice(0, 2).map((v) => removeLabel(v, all))).toEqual(['Remove API_KEY (production)', 'Remove API_KEY (build)']);
  });
});
