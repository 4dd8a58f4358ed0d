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
      goSum: true,
    });
  });

  it('builds the only cmd/<name> with a main.go', () => {
    const tree = memoryTree({ 'go.mod': 'module x\n', 'cmd/api/main.go': '', 'cmd/README.md': '', 'internal/db.go': '' });
    expect(detectGo(tree)).toEqual({ kind: 'go', goVersion: null, mainPackage: './cmd/api', goSum: false });
  });

  it('does not choose between several commands', () => {
    const tree = memoryTree({ 'go.mod': GO_MOD, 'cmd/api/main.go': '', 'cmd/worker/main.go': '' });
    expect(detectGo(tree)?.mainPackage).toBeNull();
  });
});
