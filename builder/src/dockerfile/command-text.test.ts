import { describe, expect, it } from 'vitest';
import { commandText, stepsText } from './command-text.js';

describe('commandText', () => {
  it('shows a command the user set as they wrote it', () => {
    expect(commandText(['sh', '-c', 'npm run build && echo done'])).toBe('npm run build && echo done');
  });

  it('shows any other sh or -c command word by word', () => {
    expect(commandText(['bash', '-c', 'make all'])).toBe("bash -c 'make all'");
    expect(commandText(['sh', '-e', 'make all'])).toBe("sh -e 'make all'");
    expect(commandText(['sh', '-c', 'exec "$0"', 'server'])).toBe(`sh -c 'exec "$0"' server`);
  });

  it('joins plain words and quotes the ones a shell would split or expand', () => {
    expect(commandText(['npm', 'ci', '--omit=dev'])).toBe('npm ci --omit=dev');
    expect(commandText(['go', 'build', '-ldflags=-s -w', '-o', '/out/app', '.'])).toBe("go build '-ldflags=-s -w' -o /out/app .");
    expect(commandText(['echo', "it's $HOME"])).toBe(`echo 'it'\\''s $HOME'`);
  });
});

describe('stepsText', () => {
  it('is null without steps, and the steps joined by && otherwise', () => {
    expect(stepsText([])).toBeNull();
    expect(stepsText([['npm', 'run', 'build', '--workspace', '@a/lib'], ['npm', 'run', 'build']])).toBe('npm run build --workspace @a/lib && npm run build');
  });
});
