import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse-dockerfile.js';

const parse = (lines: string[]) => parseDockerfile(lines.join('\n'));

describe('parseDockerfile', () => {
  it('drops an escape that ends the file, as BuildKit does, rather than keep it in the last word', () => {
    expect(parse(['FROM alpine', 'COPY --from=aether/victim:1\\']).instructions.at(-1)).toEqual({ keyword: 'COPY', flags: ['--from=aether/victim:1'], args: '', line: 2 });
    expect(parse(['FROM aether/victim:1\\  ']).instructions).toEqual([{ keyword: 'FROM', flags: [], args: 'aether/victim:1', line: 1 }]);
  });
});
