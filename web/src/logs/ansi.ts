// A log line as a terminal would show it: the text without escape sequences, and the ranges of
// it that SGR sequences coloured or styled. The text stays text: rendering puts it in DOM text
// nodes, so a line a repository printed can never become markup.

/** A palette index (0–15: the theme picks the shade) or a CSS `rgb()` the line asked for exactly. */
export type Color = number | string;

export interface SpanStyle {
  fg?: Color;
  bg?: Color;
  bold?: true;
  faint?: true;
  italic?: true;
  underline?: true;
}

/** `style` applies to `text.slice(start, end)`; ranges without style have no span. */
export interface Span {
  start: number;
  end: number;
  style: SpanStyle;
}

export interface ParsedLine {
  text: string;
  spans: Span[];
}

// CSI (ending in a final byte), OSC (ending in BEL or ST), any other escape, then the
// control characters a terminal would not print (tab stays).
const ESCAPES = /\x1b\[([0-?]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]?|[\x00-\x08\x0b-\x1f\x7f]/g;
const CUBE_LEVELS = [0, 95, 135, 175, 215, 255];

export function parseAnsi(raw: string): ParsedLine {
  let text = '';
  const spans: Span[] = [];
  let style: SpanStyle = {};
  const append = (part: string) => {
    if (part === '') return;
    if (Object.keys(style).length > 0) spans.push({ start: text.length, end: text.length + part.length, style });
    text += part;
  };
  let from = 0;
  for (const match of raw.matchAll(ESCAPES)) {
    append(raw.slice(from, match.index));
    from = match.index + match[0].length;
    if (match[2] === 'm') style = applySgr(style, match[1]!);
  }
  append(raw.slice(from));
  return { text, spans };
}

/** The line without its escape sequences: what search, filters and downloads read. */
export function plainText(raw: string): string {
  return raw.replace(ESCAPES, '');
}

function applySgr(current: SpanStyle, params: string): SpanStyle {
  const codes = params === '' ? [0] : params.split(';').map((p) => (p === '' ? 0 : Number(p)));
  let style = { ...current };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 38 || code === 48) {
      const { color, used } = extendedColor(codes, i + 1);
      i += used;
      if (color !== undefined) style[code === 38 ? 'fg' : 'bg'] = color;
    } else {
      style = applyCode(style, code);
    }
  }
  return style;
}

function applyCode(style: SpanStyle, code: number): SpanStyle {
  if (code === 0) return {};
  if (code === 1) return { ...style, bold: true };
  if (code === 2) return { ...style, faint: true };
  if (code === 3) return { ...style, italic: true };
  if (code === 4) return { ...style, underline: true };
  if (code === 22) return without(style, 'bold', 'faint');
  if (code === 23) return without(style, 'italic');
  if (code === 24) return without(style, 'underline');
  if (code >= 30 && code <= 37) return { ...style, fg: code - 30 };
  if (code >= 90 && code <= 97) return { ...style, fg: code - 90 + 8 };
  if (code === 39) return without(style, 'fg');
  if (code >= 40 && code <= 47) return { ...style, bg: code - 40 };
  if (code >= 100 && code <= 107) return { ...style, bg: code - 100 + 8 };
  if (code === 49) return without(style, 'bg');
  return style;
}

function without(style: SpanStyle, ...keys: Array<keyof SpanStyle>): SpanStyle {
  const copy = { ...style };
  for (const key of keys) delete copy[key];
  return copy;
}

/** `5;n` (the 256-colour palette) or `2;r;g;b` after a 38 or 48; `used` counts the codes read. */
function extendedColor(codes: number[], at: number): { color?: Color | undefined; used: number } {
  if (codes[at] === 5 && codes[at + 1] !== undefined) return { color: paletteColor(codes[at + 1]!), used: 2 };
  if (codes[at] === 2 && codes.length >= at + 4) {
    const [r, g, b] = codes.slice(at + 1, at + 4).map((c) => Math.min(255, Math.max(0, c)));
    return { color: `rgb(${r}, ${g}, ${b})`, used: 4 };
  }
  return { used: codes.length - at };
}

function paletteColor(n: number): Color | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 16) return n;
  if (n >= 232) {
    const gray = 8 + (n - 232) * 10;
    return `rgb(${gray}, ${gray}, ${gray})`;
  }
  const i = n - 16;
  return `rgb(${CUBE_LEVELS[Math.floor(i / 36)]}, ${CUBE_LEVELS[Math.floor(i / 6) % 6]}, ${CUBE_LEVELS[i % 6]})`;
}
