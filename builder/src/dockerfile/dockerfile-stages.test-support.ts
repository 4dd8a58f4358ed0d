import type { BuildSettings } from '../../../contract/build-settings.js';
import { type BaseImages, baseImages } from '../base-images.js';
import { detect } from '../detect/index.js';
import { memoryTree } from '../detect/memory-tree.test-support.js';
import { type GeneratedDetection, generateDockerfile, renderDockerfile } from './index.js';

// Reading generated Dockerfiles as data in tests: stages and their instruction lines.

export const IMAGES = baseImages({});

/** The text Aether writes for a detection, as the builder renders it. */
export function generatedText(detection: GeneratedDetection, settings: BuildSettings = {}, images: BaseImages = IMAGES): string {
  return renderDockerfile(generateDockerfile(detection, images, settings).dockerfile);
}

export interface Stage {
  /** The FROM line. */
  from: string;
  /** The lines after FROM, comments and blank lines left out. */
  lines: string[];
}

export function stages(dockerfile: string): Stage[] {
  const result: Stage[] = [];
  for (const line of dockerfile.split('\n')) {
    if (line.startsWith('FROM ')) result.push({ from: line, lines: [] });
    else if (line.trim() !== '' && !line.startsWith('#')) result.at(-1)?.lines.push(line);
  }
  return result;
}

export function finalStage(dockerfile: string): Stage {
  const last = stages(dockerfile).at(-1);
  if (last === undefined) throw new Error('no FROM in the Dockerfile');
  return last;
}

export function stageNamed(dockerfile: string, name: string): Stage {
  const stage = stages(dockerfile).find((s) => s.from.endsWith(` AS ${name}`));
  if (stage === undefined) throw new Error(`no stage named ${name}`);
  return stage;
}

/** Index of the first line matching, failing the test rather than returning -1. */
export function lineIndex(stage: Stage, pattern: RegExp): number {
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
