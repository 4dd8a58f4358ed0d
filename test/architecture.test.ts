import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layering docs/ARCHITECTURE.md draws, checked on the tree: control and the builder meet
// only in contract/, neither imports the other, the dashboard sees control only through the
// API's reply types, and no module depends on itself through others.

const ROOT = resolve(import.meta.dirname, '..');
const SOURCES = ['contract', 'shared', 'control/src', 'builder/src', 'web/src'];

function productionFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test(-support)?\.ts$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** Each production file's relative imports, as paths from the repository root. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCES.flatMap(productionFiles)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, false);
    // A stylesheet the dashboard imports is bundled by Vite, not a module of the graph.
    const local = importedFiles.map((i) => i.fileName).filter((name) => name.startsWith('.') && !name.endsWith('.css'));
    graph.set(file, local.map((name) => relative(ROOT, resolve(ROOT, dirname(file), name)).replace(/\.js$/, '.ts').replace(/\.jsx$/, '.tsx')));
  }
  return graph;
}

/** One cycle as the files along it, or null when the graph has none. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null;
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file];
    state.set(file, 'open');
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next);
      if (cycle !== null) return cycle;
    }
    path.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle !== null) return cycle;
  }
  return null;
}

const graph = importGraph();
const edges = [...graph].flatMap(([from, targets]) => targets.map((to) => ({ from, to })));
const within = (file: string, dir: string) => file.startsWith(`${dir}/`);

describe('the import graph', () => {
  it('is read from the tree: every import names a production file', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(edges.filter(({ to }) => !graph.has(to))).toEqual([]);
  });

  it('has no cycles', () => {
    expect(findCycle(graph)).toBeNull();
  });

  it('never leads from control into the builder or back: they meet in contract/', () => {
    const crossing = edges.filter(({ from, to }) => (within(from, 'control') && within(to, 'builder')) || (within(from, 'builder') && within(to, 'control')));
    expect(crossing).toEqual([]);
  });

  it('keeps contract/ and shared/ free of either side', () => {
    const upward = edges.filter(({ from, to }) => (within(from, 'contract') || within(from, 'shared')) && !(within(to, 'contract') || within(to, 'shared')));
    expect(upward).toEqual([]);
  });

  it("lets the dashboard see control only through the API's reply types", () => {
    const reaching = edges.filter(({ from, to }) => within(from, 'web') && !within(to, 'web') && to !== 'control/src/api/replies.ts');
    expect(reaching).toEqual([]);
  });
});
