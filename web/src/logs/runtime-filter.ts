// Which runtime lines the viewer asked to see: one stream or both, and those containing a text,
// ignoring case.

export type StreamChoice = 'all' | 'stdout' | 'stderr';

export interface RuntimeFilter {
  stream: StreamChoice;
  text: string;
}

/** The indices of the lines the filter keeps, in order; `lowered` holds each line's text in lower case. */
export function keptLines(filter: RuntimeFilter, lines: ReadonlyArray<{ stream: string }>, lowered: readonly string[]): number[] {
  const needle = filter.text.toLowerCase();
  const kept: number[] = [];
  for (let i = 0; i < lowered.length; i++) {
    if ((filter.stream === 'all' || lines[i]!.stream === filter.stream) && lowered[i]!.includes(needle)) kept.push(i);
  }
  return kept;
}
