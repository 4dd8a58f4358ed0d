import { describe, expect, it } from 'vitest';
import { memoryTree } from './memory-tree.test-support.js';
import { detectYarnRelease } from './yarn-release.js';

const release = (version: string | null, rc?: string) =>
  detectYarnRelease(memoryTree(rc === undefined ? {} : { '.yarnrc.yml': rc }), version);

describe('detectYarnRelease', () => {
  it('runs Yarn 1 unless packageManager pins 2 or later or .yarnrc.yml sets yarnPath', () => {
    expect([release(null), release('1.22.22'), release('2.4.3'), release('4.9.2')]).toEqual([
      { line: 'classic' },
      { line: 'classic' },
      { line: 'berry', plugAndPlay: true },
      { line: 'berry', plugAndPlay: true },
    ]);
  });

  it('takes yarnPath as a top-level key only, its colon spaced or not', () => {
    expect([
      release(null, 'yarnPath: .yarn/releases/yarn-4.9.2.cjs\n'),
      release(null, 'yarnPath : .yarn/releases/yarn-4.9.2.cjs\n'),
      release(null, '# yarnPath: .yarn/releases/yarn-4.9.2.cjs\n'),
      release(null, 'packageExtensions:\n  yarnPath: x\n'),
    ]).toEqual([{ line: 'berry', plugAndPlay: true }, { line: 'berry', plugAndPlay: true }, { line: 'classic' }, { line: 'classic' }]);
  });

  it("links by Plug'n'Play unless a top-level nodeLinker says otherwise, quoted or spaced", () => {
    expect(
      [
        'nodeLinker: node-modules\n',
        'nodeLinker : "node-modules"\n',
        "nodeLinker:  'pnpm'\n",
        'nodeLinker: pnp\n',
        '# nodeLinker: node-modules\n',
        'enableGlobalCache: false\n',
      ].map((rc) => release('4.9.2', rc)),
    ).toEqual([
      { line: 'berry', plugAndPlay: false },
      { line: 'berry', plugAndPlay: false },
      { line: 'berry', plugAndPlay: false },
      { line: 'berry', plugAndPlay: true },
      { line: 'berry', plugAndPlay: true },
      { line: 'berry', plugAndPlay: true },
    ]);
  });
});
