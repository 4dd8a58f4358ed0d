// A generated Dockerfile as data: stages of typed instructions, which cache scoping and build
// arguments change as data, and one renderer, the one place Dockerfile text is written and
// escaped. Everything that may come from a project or its settings reaches the text as an
// exec-form argument list (JSON) or a comment; the paths COPY and WORKDIR take as written
// (outputDir, a workspace's folders) are refused unless plain names.

/** A BuildKit cache mount that outlives the layer; `id` names whose cache it is (the target by default). */
export interface CacheMount {
  target: string;
  id?: string;
}

export type Instruction =
  | { op: 'RUN'; argv: readonly string[]; caches: readonly CacheMount[] }
  | { op: 'CMD'; argv: readonly string[] }
  /** One ENV line setting each variable in order. */
  | { op: 'ENV'; vars: ReadonlyArray<readonly [string, string]> }
  | { op: 'COPY'; sources: readonly string[]; dest: string; from?: string; chown?: string }
  | { op: 'WORKDIR'; path: string }
  | { op: 'USER'; user: string }
  | { op: 'EXPOSE'; port: number }
  | { op: 'ARG'; name: string }
  | { op: 'comment'; text: string };

export interface Stage {
  /** An image, or an earlier stage's name. */
  from: string;
  /** What later stages call it; the final stage has none. */
  name?: string;
  instructions: readonly Instruction[];
}

export interface Dockerfile {
  /** The first line's comment: what Aether detected. */
  header: string;
  stages: readonly Stage[];
}

/** RUN in exec form, with BuildKit cache mounts at these targets. */
export function run(argv: readonly string[], caches: readonly string[] = []): Instruction {
  return { op: 'RUN', argv, caches: caches.map((target) => ({ target })) };
}

export function cmd(argv: readonly string[]): Instruction {
  return { op: 'CMD', argv };
}

export function env(vars: Readonly<Record<string, string | number>>): Instruction {
  return { op: 'ENV', vars: Object.entries(vars).map(([name, value]) => [name, String(value)] as const) };
}

export function copy(sources: readonly string[], dest: string, options: { from?: string; chown?: string } = {}): Instruction {
  return { op: 'COPY', sources, dest, ...options };
}

export function workdir(path: string): Instruction {
  return { op: 'WORKDIR', path };
}

export function user(name: string): Instruction {
  return { op: 'USER', user: name };
}

export function expose(port: number): Instruction {
  return { op: 'EXPOSE', port };
}

export function comment(text: string): Instruction {
  return { op: 'comment', text };
}

/** The header comment, then each stage as a block of lines. */
export function renderDockerfile(dockerfile: Dockerfile): string {
  return `${[commentLine(dockerfile.header), ...dockerfile.stages.map(renderStage)].join('\n\n')}\n`;
}

export function renderStage(stage: Stage): string {
  const from = `FROM ${stage.from}${stage.name === undefined ? '' : ` AS ${stage.name}`}`;
  return [from, ...stage.instructions.map(renderInstruction)].join('\n');
}

export function renderInstruction(instruction: Instruction): string {
  switch (instruction.op) {
    case 'RUN':
      return `RUN ${instruction.caches.map(mountOption).join('')}${execForm(instruction.argv)}`;
    case 'CMD':
      return `CMD ${execForm(instruction.argv)}`;
    case 'ENV':
      return `ENV ${instruction.vars.map(([name, value]) => `${name}=${value}`).join(' ')}`;
    case 'COPY': {
      const { from, chown } = instruction;
      const options = `${from === undefined ? '' : `--from=${from} `}${chown === undefined ? '' : `--chown=${chown} `}`;
      return `COPY ${options}${[...instruction.sources, instruction.dest].join(' ')}`;
    }
    case 'WORKDIR':
      return `WORKDIR ${instruction.path}`;
    case 'USER':
      return `USER ${instruction.user}`;
    case 'EXPOSE':
      return `EXPOSE ${instruction.port}`;
    case 'ARG':
      return `ARG ${instruction.name}`;
    case 'comment':
      return commentLine(instruction.text);
  }
}

function mountOption(cache: CacheMount): string {
  return `--mount=type=cache,${cache.id === undefined ? '' : `id=${cache.id},`}target=${cache.target} `;
}

/** An exec-form argument list: JSON, so quotes, `$` and backticks stay data and nothing expands them. */
function execForm(argv: readonly string[]): string {
  return JSON.stringify(argv);
}

// A line break in the text would start an instruction, so there are none.
function commentLine(text: string): string {
  return `# ${text.replace(/[\r\n]+/g, ' ')}`;
}

/** What a generator gives: the Dockerfile, and the port its image's app listens on, which the router sends traffic to. */
export interface GeneratedDockerfile {
  dockerfile: Dockerfile;
  port: number;
  commands: DockerfileCommands;
}

/** What the generated Dockerfile runs, as the argv it runs: for people to read before a build. */
export interface DockerfileCommands {
  /** The dependency install, or null when nothing is installed. */
  install: readonly string[] | null;
  /** Each build step, in order; none when nothing is built. */
  builds: ReadonlyArray<readonly string[]>;
  /** What the image starts, or null when it serves files (static-web-server) or runs its binary. */
  start: readonly string[] | null;
  /** The folder of built files that are served, when they are. */
  outputDir: string | null;
}
