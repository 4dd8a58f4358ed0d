import type { BuildLogLine } from '../../../contract/build-streams.js';
import type { BuildStatus, Vertex } from './buildkit-status.js';

// BuildKit reports each step many times (queued, started, done) and splits output into chunks
// that need not end at a line. This turns that into the log a person reads: one line when a
// step starts, its output line by line, one line when it ends, as `--progress=plain` does.

interface StepState {
  number: number;
  announced: boolean;
  finished: boolean;
  partial: { stdout: string; stderr: string };
}

export interface BuildLog {
  add(status: BuildStatus): BuildLogLine[];
  /** Flushes output that never ended in a newline. */
  end(): BuildLogLine[];
}

export function createBuildLog(): BuildLog {
  const steps = new Map<string, StepState>();
  const stepFor = (digest: string): StepState => {
    let state = steps.get(digest);
    if (!state) {
      state = { number: steps.size + 1, announced: false, finished: false, partial: { stdout: '', stderr: '' } };
      steps.set(digest, state);
    }
    return state;
  };

  return {
    add(status) {
      const lines: BuildLogLine[] = [];
      for (const vertex of status.vertexes) announce(stepFor(vertex.digest), vertex, lines);
      for (const log of status.logs) {
        const state = stepFor(log.vertex);
        const text = state.partial[log.stream] + log.text;
        const parts = text.split('\n');
        state.partial[log.stream] = parts.pop() ?? '';
        for (const part of parts) lines.push({ timestamp: log.timestamp, step: state.number, stream: log.stream, text: part });
      }
      for (const vertex of status.vertexes) finish(stepFor(vertex.digest), vertex, lines);
      return lines;
    },
    end() {
      const lines: BuildLogLine[] = [];
      for (const state of steps.values()) flush(state, new Date(), lines);
      return lines;
    },
  };
}

function announce(state: StepState, vertex: Vertex, lines: BuildLogLine[]): void {
  if (state.announced || !(vertex.started || vertex.cached)) return;
  state.announced = true;
  lines.push({ timestamp: vertex.started ?? new Date(), step: state.number, stream: 'step', text: vertex.name });
}

function finish(state: StepState, vertex: Vertex, lines: BuildLogLine[]): void {
  if (state.finished || !(vertex.completed || vertex.cached)) return;
  state.finished = true;
  const at = vertex.completed ?? new Date();
  flush(state, at, lines);
  lines.push({ timestamp: at, step: state.number, stream: 'step', text: outcome(vertex) });
}

function outcome(vertex: Vertex): string {
  if (vertex.error) return `ERROR: ${vertex.error}`;
  if (vertex.cached) return 'CACHED';
  const seconds = vertex.started && vertex.completed ? (vertex.completed.getTime() - vertex.started.getTime()) / 1000 : 0;
  return `DONE ${seconds.toFixed(1)}s`;
}

function flush(state: StepState, at: Date, lines: BuildLogLine[]): void {
  for (const stream of ['stdout', 'stderr'] as const) {
    if (state.partial[stream] === '') continue;
    lines.push({ timestamp: at, step: state.number, stream, text: state.partial[stream] });
    state.partial[stream] = '';
  }
}
