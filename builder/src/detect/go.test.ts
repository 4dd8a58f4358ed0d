import { describe, expect, it } from 'vitest';
import { detectGo } from './go.js';
import { memoryTree } from './memory-tree.test-support.js';

const GO_MOD = 'module example.com/api\n\ngo 1.22.3 // minimum\n\nrequire github.com/a/b v1.0.0\n';

describe('detectGo', () => {
  it('is not a Go project without go.mod', () => {
    expect(detectGo(memoryTree({ 'main.go': '' }))).toBeNull();
  });

  it('reads the go directive and builds the root package when main.go is there', () => {
    expect(detectGo(memoryTree({ 'go.mod': GO_MOD, 'go.sum': '', 'main.go': '' }))).toEqual({
      kind: 'go',
      goVersion: '1.22.3',
      mainPackage: '.',
      commands: [],
      goSum: true,
    });
  });

  it('reads the go directive in its every form, and only a whole one at the start of a line', () => {
    const goMods = [
      'module x\ngo 1.22\n',
      'module x\ngo  1.22.10 // pinned\nrequire y v1.0.0\n',
      'module x\n\ngo 1.21rc2',
      'module x\ngo 1.21rc10\n',
      'module x\ngo 10.1\n',
      '// built with go 1.20\nmodule x\ngo 1.23.4\n',
      'module x\ngo 1.22.x\n',
    ];
    expect(goMods.map((goMod) => detectGo(memoryTree({ 'go.mod': goMod }))?.goVersion)).toEqual([
      '1.22',
      '1.22.10',
      '1.21rc2',
      '1.21rc10',
      '10.1',
      '1.23.4',
      null,
    ]);
  });

  it('builds the only cmd/<name> with a main.go', () => {
    const tree = memoryTree({ 'go.mod': 'module x\n', 'cmd/api/main.go': 'package main', 'cmd/README.md': '', 'internal/db.go': '' });
    expect(detectGo(tree)).toEqual({ kind: 'go', goVersion: null, mainPackage: './cmd/api', commands: ['api'], goSum: false });
  });

  it('does not choose between several commands', () => {
    const tree = memoryTree({ 'go.mod': GO_MOD, 'cmd/api/main.go': 'package main', 'cmd/worker/main.go': 'package main' });
    expect(detectGo(tree)?.mainPackage).toBeNull();
  });
});
