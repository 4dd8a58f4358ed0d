import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse-dockerfile.js';

const parse = (lines: string[]) => parseDockerfile(lines.join('\n'));

describe('parseDockerfile', () => {
  it('drops an escape that ends the file, as BuildKit does, rather than keep it in the last word', () => {
    expect(parse(['FROM alpine', 'COPY --from=aether/victim:1\\']).instructions.at(-1)).toEqual({ keyword: 'COPY', flags: ['--from=aether/victim:1'], args: '', line: 2 });
    expect(parse(['FROM aether/victim:1\\  ']).instructions).toEqual([{ keyword: 'FROM', flags: [], args: 'aether/victim:1', line: 1 }]);
  });
});

describe('parseDockerfile reads as BuildKit does', () => {
  const instruction = (keyword: string, args: string, line: number, flags: string[] = []) => ({ keyword, flags, args, line });

  it('takes the first of a repeated directive, the later one being a comment', () => {
    expect(parse(['# syntax=evil/frontend', '# syntax=docker/dockerfile:1', 'FROM alpine']).syntax).toBe('evil/frontend');
  });

  it('skips blank, whitespace-only and indented comment lines, and reads an indented instruction', () => {
    expect(parse(['FROM alpine', '', '   ', '  # a comment', '  RUN make', ''])).toEqual({ syntax: null, instructions: [instruction('FROM', 'alpine', 1), instruction('RUN', 'make', 5)] });
  });

  it('joins continuations whatever the spaces after the escape, and ends one that only comments follow', () => {
    expect(parse(['COPY --from=a \\  ', '  /x /y', 'FROM b \\', '# only a comment after', '']).instructions).toEqual([
      instruction('COPY', '/x /y', 1, ['--from=a']),
      instruction('FROM', 'b', 3),
    ]);
  });

  it('reads heredoc bodies of RUN, COPY and ADD only, up to each terminator', () => {
    const text = ['FROM alpine', 'RUN <<EOF', 'echo one', 'FROM aether/body:1', 'EOF', 'ENV NOTE=<<X', 'COPY --from=aether/after:1 / /', 'RUN <<-END', '\tFROM aether/body:2', '\tEND'];
    expect(parse(text).instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN', 'ENV', 'COPY', 'RUN']);
  });

  it("ends a <<- heredoc at its terminator behind any number of tabs, and at no line that only starts with it", () => {
    const text = ['FROM alpine', 'RUN <<-EOF', '\techo', 'EOF\t', 'FROM aether/body:3', '\t\tEOF', 'COPY --from=aether/after:2 / /'];
    expect(parse(text).instructions.map((i) => `${i.keyword} ${i.flags.join(' ')}`)).toEqual(['FROM ', 'RUN ', 'COPY --from=aether/after:2']);
  });

  it('ends the file inside a heredoc without losing the instruction', () => {
    expect(parse(['FROM alpine', 'RUN <<-EOF', 'echo']).instructions.map((i) => i.keyword)).toEqual(['FROM', 'RUN']);
  });

  it('reads each flag with its quotes and escapes taken out, the last one too', () => {
    expect(parse(['COPY --from="a b" --chown=\'c d\' --link=e\\ f src dest', 'COPY --from=img']).instructions).toEqual([
      instruction('COPY', 'src dest', 1, ['--from=a b', '--chown=c d', '--link=e f']),
      instruction('COPY', '', 2, ['--from=img']),
    ]);
    expect(parse(['RUN make']).instructions).toEqual([instruction('RUN', 'make', 1)]);
    // Within single quotes the escape character is a character like any other.
    expect(parse(["COPY --from='aether\\victim' src dest"]).instructions[0]?.flags).toEqual(['--from=aether\\victim']);
  });
});
