// A Redis stream ID, `<ms>-<seq>`, orders a build's log lines: the builder's XADD makes it, Postgres
// keys the copied line by it (build_log_lines.stream_ms, stream_seq), and a viewer resumes from it.

export interface StreamId {
  ms: number;
  seq: number;
}

/** Before every line: `0-0` is an ID no XADD ever makes. */
export const BEFORE_FIRST: StreamId = { ms: 0, seq: 0 };

const PATTERN = /^(\d{1,16})-(\d{1,10})$/;
/** stream_seq is an integer column. */
const MAX_SEQ = 2 ** 31 - 1;

/** The ID in `text`, or null when it is not one Postgres could hold. */
export function parseStreamId(text: string): StreamId | null {
  const match = PATTERN.exec(text);
  if (match === null) return null;
  const id = { ms: Number(match[1]), seq: Number(match[2]) };
  return Number.isSafeInteger(id.ms) && id.seq <= MAX_SEQ ? id : null;
}

export function formatStreamId(id: StreamId): string {
  return `${id.ms}-${id.seq}`;
}

export function isAfter(a: StreamId, b: StreamId): boolean {
  return a.ms > b.ms || (a.ms === b.ms && a.seq > b.seq);
}
