import { describe, expect, it } from 'vitest';
import { dockerignoreRules } from './dockerignore-rules.js';

describe('dockerignoreRules', () => {
  it('matches case-sensitively, as the engine does', () => {
    const rules = dockerignoreRules('Secrets\n*.LOG\n');
    expect(['Secrets', 'secrets', 'debug.LOG', 'debug.log'].map((path) => rules.ignores(path))).toEqual([true, false, true, false]);
  });
});
