import type { BuildLogLine } from '../../contract/build-streams.js';

/** How each build step whose line matches ended: CACHED, DONE …s or ERROR. */
export function stepOutcomes(lines: readonly BuildLogLine[], step: RegExp): string[] {
  const steps = lines.filter((line) => line.stream === 'step');
  return steps
    .filter((line) => step.test(line.text))
    .map((start) => steps.filter((line) => line.step === start.step).at(-1)?.text ?? '');
}
