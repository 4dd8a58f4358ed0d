// The one place Dockerfile text is escaped. Everything that may come from a project or its
// settings reaches the Dockerfile through execForm, as JSON, or through comment; the paths COPY
// and WORKDIR take as written (outputDir, a workspace's folders) are refused unless plain names.

/** An exec-form argument list: JSON, so quotes, `$` and backticks stay data and nothing expands them. */
export function execForm(argv: readonly string[]): string {
  return JSON.stringify(argv);
}

/** RUN in exec form, with BuildKit cache mounts that outlive the layer. */
export function run(argv: readonly string[], caches: readonly string[] = []): string {
  const mounts = caches.map((target) => `--mount=type=cache,target=${target} `).join('');
  return `RUN ${mounts}${execForm(argv)}`;
}

/** A comment line; a line break in the text would start an instruction, so there are none. */
export function comment(text: string): string {
  return `# ${text.replace(/[\r\n]+/g, ' ')}`;
}

/** The header comment, then each stage as a block of lines. */
export function dockerfile(header: string, stages: ReadonlyArray<readonly string[]>): string {
  return `${[comment(header), ...stages.map((stage) => stage.join('\n'))].join('\n\n')}\n`;
}
