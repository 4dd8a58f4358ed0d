import { describe, expect, it } from 'vitest';
import { comment, dockerfile, execForm, run } from './instructions.js';

describe('execForm', () => {
  it('writes arguments as a JSON array that reads back to the same strings', () => {
    const argv = ['sh', '-c', `echo "hi" '$HOME' \`id\` \\ done`];
    expect(JSON.parse(execForm(argv))).toEqual(argv);
    expect(execForm(['a\nb'])).toBe('["a\\nb"]');
  });
});

describe('run', () => {
  it('puts cache mounts before the exec-form command', () => {
    expect(run(['npm', 'ci'], ['/root/.npm'])).toBe('RUN --mount=type=cache,target=/root/.npm ["npm","ci"]');
    expect(run(['true'])).toBe('RUN ["true"]');
  });
});

describe('comment', () => {
  it('keeps any text on one comment line', () => {
    expect(comment('a\nRUN evil\r\nb')).toBe('# a RUN evil b');
  });
});

describe('dockerfile', () => {
  it('puts the header first and separates stages by a blank line', () => {
    expect(dockerfile('what', [['FROM a AS b', 'RUN ["x"]'], ['FROM b']])).toBe('# what\n\nFROM a AS b\nRUN ["x"]\n\nFROM b\n');
  });
});
