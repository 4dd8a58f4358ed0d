// The commands a generated Dockerfile runs, written as a person would type them into a shell:
// what the project settings' fields show before the user sets their own.

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One argv as a shell line: `sh -c <command>` is the command itself, anything else its words, quoted where a shell would split them. */
export function commandText(argv: readonly string[]): string {
  if (argv.length === 3 && argv[0] === 'sh' && argv[1] === '-c') return argv[2]!;
  return argv.map((word) => (PLAIN.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`)).join(' ');
}

/** Steps run one after another, as one line; null when there are none. */
export function stepsText(steps: ReadonlyArray<readonly string[]>): string | null {
  return steps.length === 0 ? null : steps.map(commandText).join(' && ');
}
