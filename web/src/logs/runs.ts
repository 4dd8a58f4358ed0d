import type { ParsedLine, SpanStyle } from './ansi.js';
import type { Link } from './links.js';

// What one line renders as: runs of pieces, a run being a link or plain, a piece one style and one
// search highlight. Pure, so the cutting is tested as data and the component only maps it to nodes.

export interface Mark {
  start: number;
  end: number;
  /** The match "n of m" points at. */
  current: boolean;
}

export interface Piece {
  text: string;
  style?: SpanStyle;
  mark?: 'match' | 'current';
}

export interface Run {
  href?: string;
  pieces: Piece[];
}

interface Range {
  start: number;
  end: number;
}

const covering = <T extends Range>(ranges: readonly T[], at: number) => ranges.find((r) => r.start <= at && at < r.end);

export function lineRuns(line: ParsedLine, links: readonly Link[], marks: readonly Mark[]): Run[] {
  const cuts = new Set([0, line.text.length]);
  for (const range of [...line.spans, ...links, ...marks]) {
    cuts.add(Math.max(0, Math.min(range.start, line.text.length)));
    cuts.add(Math.max(0, Math.min(range.end, line.text.length)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const runs: Run[] = [];
  let runLink: Link | undefined;
  for (let i = 0; i + 1 < points.length; i++) {
    const [start, end] = [points[i]!, points[i + 1]!];
    const link = covering(links, start);
    const style = covering(line.spans, start)?.style;
    const mark = covering(marks, start);
    const piece: Piece = { text: line.text.slice(start, end), ...(style && { style }), ...(mark && { mark: mark.current ? 'current' : 'match' }) };
    if (runs.length === 0 || link !== runLink) runs.push({ ...(link && { href: link.href }), pieces: [] });
    runs.at(-1)!.pieces.push(piece);
    runLink = link;
  }
  return runs;
}
