// Just enough reading of pnpm-workspace.yaml to learn its `packages` list, written as a block
// (`- 'apps/*'` lines) or in flow style (`['apps/*', 'packages/*']`). Not a YAML parser.

/** The `packages` patterns, or null when the file has no such key. */
export function pnpmWorkspacePackages(text: string): string[] | null {
  const lines = text.split('\n').map(withoutComment);
  const start = lines.findIndex((line) => /^packages\s*:/.test(line));
  if (start === -1) return null;
  const keyLine = lines[start] as string;
  // The key's own line holds no colon before the key's.
  const inline = keyLine.slice(keyLine.indexOf(':') + 1).trim();
  if (inline.startsWith('[')) return flowItems([inline.slice(1), ...lines.slice(start + 1)].join(' '));
  const block = lines.slice(start + 1);
  const end = block.findIndex((line) => /^\S/.test(line));
  return (end === -1 ? block : block.slice(0, end))
    .map((line) => /^\s*-\s*(.*)$/.exec(line)?.[1] ?? '')
    .filter((item) => item !== '')
    .map(unquote);
}

// `text` follows the opening `[`; the items run to the closing `]`, or to the end when it is missing.
function flowItems(text: string): string[] {
  return (text.split(']')[0] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(unquote);
}

// A `#` starts a comment only at the start of a line or after a space, as in YAML.
function withoutComment(line: string): string {
  return line.replace(/(^|\s)#.*/, '').trimEnd();
}

function unquote(item: string): string {
  return /^(['"])(.*)\1$/.exec(item)?.[2] ?? item;
}
