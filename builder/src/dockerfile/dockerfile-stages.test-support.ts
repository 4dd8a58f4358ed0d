import type { BuildSettings } from '../../../contract/build-settings.js';
import { type BaseImages, baseImages } from '../base-images.js';
import { detect } from '../detect/index.js';
import { memoryTree } from '../detect/memory-tree.test-support.js';
import { type GeneratedDetection, generateDockerfile, renderDockerfile } from './index.js';
import { type Dockerfile, renderStage } from './instructions.js';

// Reading generated Dockerfiles in tests: each stage of the data, its instructions as the lines
// they render to.

export const IMAGES = baseImages({});

export function generated(detection: GeneratedDetection, settings: BuildSettings = {}, images: BaseImages = IMAGES): Dockerfile {
  return generateDockerfile(detection, images, settings).dockerfile;
}

/** The text Aether writes for a detection, as the builder renders it. */
export function generatedText(detection: GeneratedDetection, settings: BuildSettings = {}, images: BaseImages = IMAGES): string {
  return renderDockerfile(generated(detection, settings, images));
}

export interface StageLines {
  /** The FROM line. */
  from: string;
  /** The instructions after FROM, comments left out. */
  lines: string[];
}

export function stages(dockerfile: Dockerfile): StageLines[] {
  return dockerfile.stages.map((stage) => {
    const [from = '', ...lines] = renderStage({ ...stage, instructions: stage.instructions.filter((i) => i.op !== 'comment') }).split('\n');
    return { from, lines };
  });
}

export function finalStage(dockerfile: Dockerfile): StageLines {
  const last = stages(dockerfile).at(-1);
  if (last === undefined) throw new Error('no stage in the Dockerfile');
  return last;
}

export function stageNamed(dockerfile: Dockerfile, name: string): StageLines {
  const index = dockerfile.stages.findIndex((stage) => stage.name === name);
  if (index === -1) throw new Error(`no stage named ${name}`);
  return stages(dockerfile)[index]!;
}

/** Index of the first line matching, failing the test rather than returning -1. */
export function lineIndex(stage: StageLines, pattern: RegExp): number {
  const index = stage.lines.findIndex((line) => pattern.test(line));
  if (index === -1) throw new Error(`no line matches ${pattern} in stage ${stage.from}:\n${stage.lines.join('\n')}`);
  return index;
}

/** The detection of a tree that is expected not to bring its own Dockerfile. */
export function detected(files: Record<string, string>, rootDirectory = ''): GeneratedDetection {
  const detection = detect(memoryTree(files), rootDirectory);
  if (detection.kind === 'dockerfile') throw new Error('expected a generated Dockerfile');
  return detection;
}
