import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBuildLog } from './build-log.js';
import { decodeStatus, type Vertex } from './buildkit-status.js';

// A real stream from the engine, for this Dockerfile:
//   FROM aether-testbed/debian:bookworm
//   RUN echo hello-from-run && echo to-stderr >&2
//   RUN exit 3
const traces = readFileSync(new URL('./fixtures/failed-build.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line !== '')
  .map((line) => JSON.parse(line) as { id?: string; aux?: string })
  .filter((message) => message.id === 'moby.buildkit.trace' && typeof message.aux === 'string');

function readLog() {
  const log = createBuildLog();
  return [...traces.flatMap((message) => log.add(decodeStatus(message.aux!))), ...log.end()];
}

describe('build log from BuildKit progress', () => {
  it("shows each step once, then its output on the stream it was written to", () => {
    const lines = readLog();
    const run = lines.filter((l) => l.text === '[2/3] RUN echo hello-from-run && echo to-stderr >&2');
    expect(run).toHaveLength(1);
    const step = run[0]!.step;
    const output = lines.filter((l) => l.step === step && l.stream !== 'step');
    expect(output.map((l) => [l.stream, l.text])).toEqual(
      expect.arrayContaining([
        ['stdout', 'hello-from-run'],
        ['stderr', 'to-stderr'],
      ]),
    );
    const ownLines = lines.filter((l) => l.step === step);
    expect(ownLines[0]!.text).toContain('RUN echo');
    expect(ownLines.at(-1)!.text).toMatch(/^DONE \d+\.\ds$/);
  });

  it('ends the failing step with its error', () => {
    const lines = readLog();
    const failing = lines.find((l) => l.text === '[3/3] RUN exit 3')!;
    const last = lines.filter((l) => l.step === failing.step).at(-1)!;
    expect(last.text).toBe('ERROR: executor failed running [/bin/sh -c exit 3]: exit code: 3');
  });

  it('keeps the order in which things happened', () => {
    const times = readLog().map((l) => l.timestamp.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('joins output split across chunks and flushes a last line without a newline', () => {
    const log = createBuildLog();
    const vertex = { digest: 'sha256:a', name: 'RUN x', cached: false, started: new Date(1000), completed: undefined, error: '' };
    const chunk = (text: string, at: number) => ({ vertex: 'sha256:a', timestamp: new Date(at), stream: 'stdout' as const, text });
    const lines = [
      ...log.add({ vertexes: [vertex], logs: [chunk('hel', 1001)] }),
      ...log.add({ vertexes: [], logs: [chunk('lo\nwor', 1002)] }),
      ...log.add({ vertexes: [], logs: [chunk('ld', 1003)] }),
      ...log.end(),
    ];
    expect(lines.map((l) => l.text)).toEqual(['RUN x', 'hello', 'world']);
  });
});

describe('build log from hand-made progress', () => {
  const at = (seconds: number) => new Date(seconds * 1000);
  const vertex = (digest: string, fields: Partial<Vertex>): Vertex => ({
    digest,
    name: `step ${digest}`,
    cached: false,
    started: undefined,
    completed: undefined,
    error: '',
    ...fields,
  });

  it('numbers steps from 1 in the order they appear, ends each once however often it is resent, and times it', () => {
    const log = createBuildLog();
    const lines = [
      ...log.add({ vertexes: [vertex('a', { cached: true }), vertex('b', { started: at(100) })], logs: [] }),
      ...log.add({
        vertexes: [vertex('b', { started: at(100), completed: at(103.5) })],
        logs: [{ vertex: 'b', timestamp: at(101), stream: 'stdout', text: 'half a line' }],
      }),
      ...log.add({ vertexes: [vertex('a', { cached: true }), vertex('b', { started: at(100), completed: at(103.5) })], logs: [] }),
      ...log.end(),
    ];
    expect(lines.map(({ step, stream, text }) => [step, stream, text])).toEqual([
      [1, 'step', 'step a'],
      [2, 'step', 'step b'],
      [1, 'step', 'CACHED'],
      [2, 'stdout', 'half a line'],
      [2, 'step', 'DONE 3.5s'],
    ]);
  });
});
