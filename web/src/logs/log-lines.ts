import { createSignal } from 'solid-js';
import { type ParsedLine, parseAnsi } from './ansi.js';

// A log's lines as the page holds them: one plain array that grows, parsed once on arrival, and a
// signal that says it grew. A store of 100,000 reactive lines would cost more than the log itself.

export interface LogLine {
  at: string;
  stream: string;
  step: number;
  parsed: ParsedLine;
}

export interface LogLines {
  /** Every line so far; reading it tracks the log's growth. */
  all(): readonly LogLine[];
  /** Each line's text in lower case, for search, in the same order. */
  lowered(): readonly string[];
  add(lines: ReadonlyArray<{ at: string; stream: string; step?: number; text: string }>): void;
}

export function createLogLines(): LogLines {
  const lines: LogLine[] = [];
  const lowered: string[] = [];
  const [version, setVersion] = createSignal(0);
  return {
    all: () => (version(), lines),
    lowered: () => (version(), lowered),
    add(batch) {
      // One push per line: spreading a batch of 100,000 as arguments would overflow the stack.
      for (const { at, stream, step = 0, text } of batch) {
        const parsed = parseAnsi(text);
        lines.push({ at, stream, step, parsed });
        lowered.push(parsed.text.toLowerCase());
      }
      setVersion((v) => v + 1);
    },
  };
}

/** The log as a text file: its plain lines, `prefix` telling what goes before each. */
export function logText(lines: readonly LogLine[], prefix: (line: LogLine) => string = () => ''): string {
  return lines.map((line) => `${prefix(line)}${line.parsed.text}\n`).join('');
}

/** Hands the user `text` as a file, through a Blob URL: nothing leaves the browser. */
export function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // The download has its own copy once it started; a minute is ample.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
