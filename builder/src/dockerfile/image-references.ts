import type { DockerfileInstruction, ParsedDockerfile } from './parse-dockerfile.js';

// Which images a repository's own Dockerfile builds from, as BuildKit would resolve them: FROM
// lines after its ARG substitution, COPY --from and RUN --mount from=, with stage names set
// apart. The engine resolves these against its local images before any registry, so each is
// checked before the build (engine/foreign-images.ts); a reference too dynamic to resolve here
// is refused rather than guessed.

export class DockerfileError extends Error {}

export interface ImageReference {
  reference: string;
  /** What names it, for the refusal: `line 3: FROM`. */
  where: string;
}

/** The engine's platform, which BuildKit's automatic ARGs (TARGETARCH...) expand to. */
export interface BuildPlatform {
  os: string;
  architecture: string;
  variant: string;
}

interface Stage {
  name: string | null;
  /** The stage it is built FROM, by index; null for an image or scratch. */
  parent: number | null;
  line: number;
  args: Map<string, string | undefined>;
  envNames: Set<string>;
}

export interface DockerfileStages {
  images: ImageReference[];
  /** Each stage's ARG names, and the stage it is built FROM. */
  stages: ReadonlyArray<{ argNames: readonly string[]; parent: number | null; line: number }>;
}

export function dockerfileStages(parsed: ParsedDockerfile, buildArgs: Readonly<Record<string, string>>, platform: BuildPlatform): DockerfileStages {
  const automatic = automaticArgs(platform);
  const globals = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  const images: ImageReference[] = [];
  const external = (reference: string, where: string) => {
    if (reference.toLowerCase() !== 'scratch') images.push({ reference, where });
  };
  for (const instruction of parsed.instructions) {
    const stage = stages.at(-1);
    const where = `line ${instruction.line}: ${instruction.keyword}`;
    switch (instruction.keyword) {
      case 'FROM': {
        const [image = '', as, name] = instruction.args.split(/\s+/);
        const meta = new Map([...Object.entries(automatic), ...globals]);
        const base = expand(image, (variable) => meta.get(variable) ?? undefined, where);
        const parent = stageIndex(stages, base);
        if (parent === null) external(base, where);
        stages.push({ name: as?.toLowerCase() === 'as' && name ? name.toLowerCase() : null, parent, line: instruction.line, args: new Map(), envNames: new Set() });
        break;
      }
      case 'ARG':
        for (const [name, value] of argDeclarations(instruction.args)) {
          const resolved = buildArgs[name] ?? value ?? (stage ? (globals.get(name) ?? automatic[name]) : undefined);
          (stage ? stage.args : globals).set(name, resolved);
        }
        break;
      case 'ENV':
        for (const name of envNames(instruction.args)) stage?.envNames.add(name);
        break;
      case 'COPY':
      case 'ADD':
      case 'RUN':
        for (const from of fromFlags(instruction)) {
          const resolved = expand(from, (variable) => stageVariable(stage, variable, where), where);
          if (stageIndex(stages, resolved) === null) external(resolved, where);
        }
        break;
    }
  }
  return { images, stages: stages.map((s) => ({ argNames: [...s.args.keys()], parent: s.parent, line: s.line })) };
}

/** The names of `names` that an ARG declares in the final stage or a stage it is built FROM. */
export function argsInFinalImage(stages: DockerfileStages['stages'], names: readonly string[]): string[] {
  const declared = new Set<string>();
  const seen = new Set<number>();
  for (let index: number | null = stages.length - 1; index !== null && index >= 0 && !seen.has(index); index = stages[index]!.parent) {
    seen.add(index);
    for (const name of stages[index]!.argNames) declared.add(name);
  }
  return names.filter((name) => declared.has(name));
}

function automaticArgs({ os, architecture, variant }: BuildPlatform): Record<string, string> {
  const platform = [os, architecture, variant].filter((part) => part !== '').join('/');
  const side = (prefix: string) => ({ [`${prefix}PLATFORM`]: platform, [`${prefix}OS`]: os, [`${prefix}ARCH`]: architecture, [`${prefix}VARIANT`]: variant });
  return { ...side('TARGET'), ...side('BUILD') };
}

/** A stage by its name or its index (`--from=0`), or null for anything else. */
function stageIndex(stages: readonly Stage[], reference: string): number | null {
  const lower = reference.toLowerCase();
  const named = stages.findIndex((s) => s.name === lower);
  if (named >= 0) return named;
  return /^\d+$/.test(reference) && Number(reference) < stages.length ? Number(reference) : null;
}

/** In a stage, a --from may use its ARGs only: an ENV (its own or its base image's) could hold anything. */
function stageVariable(stage: Stage | undefined, variable: string, where: string): string | undefined {
  if (stage === undefined || !stage.args.has(variable) || stage.envNames.has(variable)) {
    throw new DockerfileError(`${where} takes an image from $${variable}, which Aether cannot check; write the stage or image out, or take it from an ARG of the stage`);
  }
  return stage.args.get(variable);
}

function fromFlags(instruction: DockerfileInstruction): string[] {
  return instruction.flags.flatMap((flag) => {
    const [name, value = ''] = splitOnce(flag.slice(2), '=');
    if (name.toLowerCase() === 'from') return [value];
    if (name.toLowerCase() !== 'mount') return [];
    return value
      .split(',')
      .map((field) => splitOnce(field, '='))
      .filter(([key]) => key.trim().toLowerCase() === 'from')
      .map(([, from = '']) => from);
  });
}

function words(args: string): string[] {
  return args.split(/\s+/).filter((w) => w !== '');
}

/** `ARG A=1 B`: each name with its value, if written. */
function argDeclarations(args: string): Array<[string, string | undefined]> {
  return words(args).map((w) => {
    const [name, value] = splitOnce(w, '=');
    return [name, value?.replace(/^(["'])(.*)\1$/, '$2')];
  });
}

/** `ENV A=1 B=2`, or the old `ENV A 1 2` that sets A alone. */
function envNames(args: string): string[] {
  const all = words(args);
  if (all.length > 0 && !all[0]!.includes('=')) return [all[0]!];
  return all.map((w) => splitOnce(w, '=')[0]);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

const VARIABLE = /\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}$]*))?\})/g;

/**
 * Shell-style substitution as BuildKit does it for these words: unset is empty, and `:-`, `-`,
 * `:+`, `+` defaults. Any other form (`${A#x}`, nested, or a `$` left over), and quotes or
 * escapes, are refused.
 */
function expand(word: string, lookup: (variable: string) => string | undefined, where: string): string {
  const out = word.replace(VARIABLE, (_, bare: string | undefined, braced: string | undefined, operator: string | undefined, alternative: string | undefined) => {
    const value = lookup((bare ?? braced)!);
    switch (operator) {
      case ':-':
        return value === undefined || value === '' ? alternative! : value;
      case '-':
        return value ?? alternative!;
      case ':+':
        return value === undefined || value === '' ? '' : alternative!;
      case '+':
        return value === undefined ? '' : alternative!;
      default:
        return value ?? '';
    }
  });
  // BuildKit would take quotes and escapes out of the word; no image reference holds one.
  if (/[$"'\\`]/.test(out)) throw new DockerfileError(`${where} names an image through a substitution or quoting Aether cannot check: ${word}`);
  return out;
}
