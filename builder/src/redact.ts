/** Shorter lines of a multi-line secret would mask ordinary text everywhere, and reveal little alone. */
const MIN_LINE = 4;

/**
 * Masks every occurrence of each secret; what a build prints passes through here before anyone
 * sees it. Build logs arrive a line at a time, so a multi-line secret (a PEM key) is masked line
 * by line as well as whole, and so is its JSON-escaped form, where its line breaks are `\n`.
 */
export function redact(text: string, secrets: readonly string[]): string {
  const fragments = [...new Set(secrets.flatMap(fragmentsOf))].sort((a, b) => b.length - a.length);
  return fragments.reduce((out, fragment) => out.split(fragment).join('***'), text);
}

function fragmentsOf(secret: string): string[] {
  if (secret === '') return [];
  // A one-line secret is its own only line: trimmed, it is masked even when printed without the
  // spaces it was stored with.
  const longLines = secret
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line.length >= MIN_LINE);
  return [secret, JSON.stringify(secret).slice(1, -1), ...longLines];
}
