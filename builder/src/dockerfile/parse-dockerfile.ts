// A repository's own Dockerfile read the way BuildKit reads it, as far as Aether must check it:
// parser directives, the escape character, line continuations (with comment and blank lines
// inside them), and heredoc bodies, which belong to their instruction and are never read as
// instructions of their own.

export interface DockerfileInstruction {
  /** Upper case, as BuildKit matches them. */
  keyword: string;
  /** The flags before the arguments (`--from=build`), their quotes removed, as BuildKit reads them. */
  flags: string[];
  /** What follows the flags, on one line. */
  args: string;
  /** 1-based, where the instruction starts. */
  line: number;
}

export interface ParsedDockerfile {
  /** The `# syntax=` directive: the frontend image BuildKit would run instead of its own. */
  syntax: string | null;
  instructions: DockerfileInstruction[];
}

const DIRECTIVE = /^#\s*([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*?)\s*$/;
const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z0-9_]+)\2/g;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.split(/\r?\n/);
  const directives = new Map<string, string>();
  let index = 0;
  for (; index < lines.length; index++) {
    const match = DIRECTIVE.exec(lines[index]!);
    if (!match || directives.has(match[1]!.toLowerCase())) break;
    directives.set(match[1]!.toLowerCase(), match[2]!);
  }
  const escape = directives.get('escape') === '`' ? '`' : '\\';
  const instructions: DockerfileInstruction[] = [];
  while (index < lines.length) {
    const start = index;
    const first = lines[index++]!;
    if (isBlankOrComment(first)) continue;
    let logical = '';
    let current = first;
    for (;;) {
      const trimmed = current.replace(/\s+$/, '');
      if (!trimmed.endsWith(escape)) {
        logical += current;
        break;
      }
      logical += trimmed.slice(0, -1);
      while (index < lines.length && isBlankOrComment(lines[index]!)) index++;
      if (index >= lines.length) break;
      current = lines[index++]!;
    }
    const instruction = split(logical, start + 1, escape);
    instructions.push(instruction);
    if (HEREDOC_KEYWORDS.has(instruction.keyword)) index = skipHeredocs(logical, lines, index);
  }
  return { syntax: directives.get('syntax') ?? null, instructions };
}

function isBlankOrComment(line: string): boolean {
  return /^\s*(#.*)?$/.test(line);
}

/** Past the bodies of the heredocs `logical` opens, each up to its terminator line. */
function skipHeredocs(logical: string, lines: readonly string[], from: number): number {
  let index = from;
  for (const [, dash, , word] of logical.matchAll(HEREDOC)) {
    while (index < lines.length) {
      const line = lines[index++]!;
      if ((dash ? line.replace(/^\t+/, '') : line) === word) break;
    }
  }
  return index;
}

function split(logical: string, line: number, escape: string): DockerfileInstruction {
  const trimmed = logical.trim();
  const keyword = (/^\S+/.exec(trimmed)?.[0] ?? '').toUpperCase();
  let rest = trimmed.slice(keyword.length).trimStart();
  const flags: string[] = [];
  while (rest.startsWith('--')) {
    const [flag, after] = word(rest, escape);
    flags.push(flag);
    rest = after.trimStart();
  }
  return { keyword, flags, args: rest, line };
}

/** One whitespace-separated word, quotes removed and escapes applied, and what follows it. */
function word(text: string, escape: string): [string, string] {
  let out = '';
  let quote: string | null = null;
  let i = 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === escape && i + 1 < text.length && quote !== "'") {
      out += text[++i];
    } else if (quote !== null) {
      if (c === quote) quote = null;
      else out += c;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (/\s/.test(c)) {
      break;
    } else {
      out += c;
    }
  }
  return [out, text.slice(i)];
}
