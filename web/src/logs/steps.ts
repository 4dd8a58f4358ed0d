// A build's steps, read from its log: the builder announces each step with a line on the `step`
// stream carrying its name, and closes it with one saying DONE, CACHED or ERROR (builder/src/
// engine/build-log.ts). Step 0 holds the builder's own messages (checkout, detection), no step.

export interface StepLogLine {
  at: string;
  step: number;
  stream: string;
  text: string;
}

export type StepOutcome = 'done' | 'cached' | 'failed';

export interface BuildStep {
  number: number;
  name: string;
  /** Index in the log of the line that announced it. */
  line: number;
  startedAt: number;
  /** The newest line of the step: where a step the build left unfinished stopped. */
  lastAt: number;
  endedAt: number | null;
  outcome: StepOutcome | null;
}

/** `steps` with the lines that follow them in the log, `first` being the index of `lines[0]`. */
export function addStepLines(steps: readonly BuildStep[], lines: readonly StepLogLine[], first: number): BuildStep[] {
  const next = [...steps];
  const indexOf = new Map(next.map((step, i) => [step.number, i]));
  lines.forEach((line, i) => {
    if (line.step <= 0) return;
    const at = Date.parse(line.at);
    const known = indexOf.get(line.step);
    if (known === undefined) {
      if (line.stream !== 'step') return;
      indexOf.set(line.step, next.length);
      next.push({ number: line.step, name: line.text, line: first + i, startedAt: at, lastAt: at, endedAt: null, outcome: null });
      return;
    }
    const step = { ...next[known]!, lastAt: Math.max(next[known]!.lastAt, at) };
    const outcome = line.stream === 'step' ? outcomeOf(line.text) : null;
    next[known] = outcome === null ? step : { ...step, outcome, endedAt: at };
  });
  return next;
}

function outcomeOf(text: string): StepOutcome | null {
  if (text.startsWith('DONE')) return 'done';
  if (text === 'CACHED') return 'cached';
  if (text.startsWith('ERROR')) return 'failed';
  return null;
}

/** How long the step took, or has taken so far while the build runs. */
export function stepElapsedMs(step: BuildStep, now: number, buildOver: boolean): number {
  const end = step.endedAt ?? (buildOver ? step.lastAt : now);
  return Math.max(0, end - step.startedAt);
}

/** What a step's line in the list says of it beside its time. */
export function stepState(step: BuildStep, buildOver: boolean): StepOutcome | 'running' | 'stopped' {
  return step.outcome ?? (buildOver ? 'stopped' : 'running');
}
