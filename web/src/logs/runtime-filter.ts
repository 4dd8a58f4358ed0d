// Which runtime lines the viewer asked to see: one stream or both, and those containing a text,
// ignoring case.

export type StreamChoice = 'all' | 'stdout' | 'stderr';

export interface RuntimeFilter {
  stream: StreamChoice;
  text: string;
}

export function keepsLine(filter: RuntimeFilter, stream: string, lowered: string): boolean {
  if (filter.stream !== 'all' && stream !== filter.stream) return false;
  return lowered.includes(filter.text.toLowerCase());
}

/** The indices of the lines the filter keeps, in order; all of them when it keeps everything. */
export function keptLines(filter: RuntimeFilter, lines: ReadonlyArray<{ stream: string }>, lowered: readonly string[]): number[] {
  const kept: number[] = [];
  for (let i = 0; i < lowered.length; i++) if (keepsLine(filter, lines[i]!.stream, lowered[i]!)) kept.push(i);
  return kept;
}
