// Just enough reading of requirements.txt and TOML manifests to learn dependency names. Not a
// TOML parser: tables are found by their header lines and keys by `name =` at a line's start.

/** PEP 503 normalisation, so "Django" and "django_rest" compare as pip compares them. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distribution name at the start of a PEP 508 requirement, e.g. "fastapi" in "fastapi[all]>=0.110". */
export function requirementName(requirement: string): string | null {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement);
  return match ? normalizeName(match[1] as string) : null;
}

/**
 * Names from requirements.txt. Only a line's leading name is read, so options (-r, -e, --hash …),
 * comments, blank lines and local paths, which start with no letter or digit, name nothing.
 */
export function requirementsNames(text: string): string[] {
  return text
    .split('\n')
    .map(requirementName)
    .filter((name) => name !== null);
}

/**
 * The lines under each `[table]` header. Lines before the first header are under '', and those
 * of an array of tables (`[[name]]`) under `[name]`.
 */
export function tomlTables(text: string): Map<string, string[]> {
  const tables = new Map<string, string[]>([['', []]]);
  let current: string[] = tables.get('') ?? [];
  for (const line of text.split('\n')) {
    const header = /^\s*\[(\[?)\s*([^[\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      // An array of tables ([[name]]) is kept apart, so its keys never read as another table's.
      const name = header[1] === '[' ? `[${header[2]}]` : (header[2] as string);
      current = tables.get(name) ?? [];
      tables.set(name, current);
    } else {
      current.push(line);
    }
  }
  return tables;
}

/** Bare or quoted keys assigned in a table's lines. */
export function tomlKeys(lines: readonly string[]): string[] {
  return lines
    .map((line) => /^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_.-]+))\s*=/.exec(line))
    .filter((match) => match !== null)
    .map((match) => (match[1] ?? match[2] ?? match[3]) as string);
}

/** The strings of a table's `dependencies = [...]` array, which may span lines and hold extras' brackets. */
export function tomlDependencyArray(lines: readonly string[]): string[] {
  const start = lines.findIndex((line) => /^\s*dependencies\s*=\s*\[/.test(line));
  if (start === -1) return [];
  // The scan may start at the line's beginning: before its `[` there is only the bare key, no quote or `]`.
  return arrayStrings(lines.slice(start).join('\n'));
}

// Scans quoted strings until the `]` that closes the array, skipping comments between items.
function arrayStrings(text: string): string[] {
  const strings: string[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] as string;
    if (char === ']') break;
    if (char === '#') {
      const newline = text.indexOf('\n', index);
      index = newline === -1 ? text.length : newline;
    } else if (char === '"' || char === "'") {
      const end = text.indexOf(char, index + 1);
      if (end === -1) break;
      strings.push(text.slice(index + 1, end));
      index = end + 1;
    } else {
      index += 1;
    }
  }
  return strings;
}
