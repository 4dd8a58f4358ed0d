import { describe, expect, it } from 'vitest';
import { cmd, comment, copy, env, renderDockerfile, renderInstruction, run } from './instructions.js';

describe('renderInstruction', () => {
  it('writes argument lists as JSON arrays that read back to the same strings', () => {
    const argv = ['sh', '-c', `echo "hi" '$HOME' \`id\` \\ done`];
    expect(JSON.parse(renderInstruction(cmd(argv)).slice('CMD '.length))).toEqual(argv);
    expect(renderInstruction(cmd(['a\nb']))).toBe('CMD ["a\\nb"]');
  });

  it('puts cache mounts, with their ids when scoped, before the exec-form command', () => {
    expect(renderInstruction(run(['npm', 'ci'], ['/root/.npm']))).toBe('RUN --mount=type=cache,target=/root/.npm ["npm","ci"]');
    expect(renderInstruction({ op: 'RUN', argv: ['true'], caches: [{ id: 'a/x', target: '/x' }] })).toBe(
      'RUN --mount=type=cache,id=a/x,target=/x ["true"]',
    );
    expect(renderInstruction(run(['true']))).toBe('RUN ["true"]');
  });

  it('writes ENV variables in order on one line, and COPY options before the paths', () => {
    expect(renderInstruction(env({ A: 1, B: 'x' }))).toBe('ENV A=1 B=x');
    expect(renderInstruction(copy(['/app', 'b'], './', { from: 'build', chown: 'node:node' }))).toBe('COPY --from=build --chown=node:node /app b ./');
  });

  it('keeps any comment text on one line', () => {
    expect(renderInstruction(comment('a\nRUN evil\r\nb'))).toBe('# a RUN evil b');
  });
});

describe('renderDockerfile', () => {
  it('puts the header first and separates stages by a blank line', () => {
    const stages = [
      { from: 'a', name: 'b', instructions: [run(['x'])] },
      { from: 'b', instructions: [] },
    ];
    expect(renderDockerfile({ header: 'what', stages })).toBe('# what\n\nFROM a AS b\nRUN ["x"]\n\nFROM b\n');
  });

  it('keeps the header on one comment line', () => {
    expect(renderDockerfile({ header: 'a\nFROM evil', stages: [] })).toBe('# a FROM evil\n');
  });
});
