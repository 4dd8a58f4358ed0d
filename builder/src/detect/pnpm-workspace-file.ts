// Just enough reading of pnpm-workspace.yaml to learn its `packages` list, written as a block
// (`- 'apps/*'` lines) or in flow style (`['apps/*', 'packages/*']`). Not a YAML parser.

/** The `packages` patterns, or null when the file has no such key. */
export function pnpmWorkspacePackages(text: string): string[] | null {
  const lines = text.split('\n').map(withoutComment);
  const start = lines.findIndex((line) => /^packages\s*:/.test(line));
  if (start === -1) return null;
  const inline = (lines[start] as string).replace(/^packages\s*:/, '').trim();
  if (inline.startsWith('[')) return flowItems([inline, ...lines.slice(start + 1)].join(' '));
  const block = lines.slice(start + 1);
  const end = block.findIndex((line) => /^\S/.test(line));
  return (end === -1 ? block : block.slice(0, end))
    .map((line) => /^\s*-\s*(.*)$/.exec(line)?.[1]?.trim() ?? '')
    .filter((item) => item !== '')
    .map(unquote);
}

function flowItems(text: string): string[] {
  const body = text.slice(text.indexOf('[') + 1, text.indexOf(']') === -1 ? undefined : text.indexOf(']'));
  return body
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map(unquote);
}

// A `#` starts a comment only at the start of a line or after a space, as in YAML.
function withoutComment(line: string): string {
  return line.replace(/(^|\s)#.*$/, '').trimEnd();
}

function unquote(item: string): string {
  return /^(['"])(.*)\1$/.exec(item)?.[2] ?? item;
}
