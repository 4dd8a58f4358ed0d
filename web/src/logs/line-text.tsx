import { createMemo, For, type JSX } from 'solid-js';
import type { SpanStyle } from './ansi.js';
import type { LogLine } from './log-lines.js';
import { findLinks } from './links.js';
import { type Mark, type Piece, lineRuns } from './runs.js';

// One log line as DOM nodes: its text goes into text nodes only, never into innerHTML, since a
// line is whatever the repository chose to print.

export function LineText(props: { line: LogLine; marks: readonly Mark[] }) {
  const runs = createMemo(() => lineRuns(props.line.parsed, findLinks(props.line.parsed.text), props.marks));
  return (
    <For each={runs()}>
      {(run) =>
        run.href === undefined ? (
          <Pieces pieces={run.pieces} />
        ) : (
          <a href={run.href} target="_blank" rel="noopener noreferrer">
            <Pieces pieces={run.pieces} />
          </a>
        )
      }
    </For>
  );
}

function Pieces(props: { pieces: readonly Piece[] }) {
  return (
    <For each={props.pieces}>
      {(piece) =>
        piece.mark === undefined ? (
          <span class={classOf(piece.style)} style={inlineOf(piece.style)}>
            {piece.text}
          </span>
        ) : (
          <mark class={`${classOf(piece.style)} ${piece.mark === 'current' ? 'current' : ''}`} style={inlineOf(piece.style)}>
            {piece.text}
          </mark>
        )
      }
    </For>
  );
}

/** The 16 palette colours come from the theme (styles in logs.css); exact ones go inline. */
function classOf(style: SpanStyle | undefined): string {
  if (style === undefined) return '';
  const names: string[] = [];
  if (typeof style.fg === 'number') names.push(`ansi-fg-${style.fg}`);
  if (typeof style.bg === 'number') names.push(`ansi-bg-${style.bg}`);
  for (const flag of ['bold', 'faint', 'italic', 'underline'] as const) if (style[flag]) names.push(`ansi-${flag}`);
  return names.join(' ');
}

function inlineOf(style: SpanStyle | undefined): JSX.CSSProperties | undefined {
  if (style === undefined) return undefined;
  const css: JSX.CSSProperties = {};
  if (typeof style.fg === 'string') css.color = style.fg;
  if (typeof style.bg === 'string') css['background-color'] = style.bg;
  return css;
}
