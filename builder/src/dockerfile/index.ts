import { type BuildSettings, parseBuildSettings, refuseSettings } from '../../../contract/build-settings.js';
import type { ServerRules } from '../../../contract/repository-settings.js';
import type { BaseImages } from '../base-images.js';
import type { Detection } from '../detect/detection.js';
import { goDockerfile } from './go.js';
import type { GeneratedDockerfile } from './instructions.js';
import { nodeDockerfile } from './node.js';
import { pythonDockerfile } from './python.js';
import { staticDockerfile } from './static.js';
import { refuseServerRules, withServerRules } from './static-server-rules.js';

export { renderDockerfile, type Dockerfile, type GeneratedDockerfile } from './instructions.js';
export { SettingsError, type BuildSettings } from '../../../contract/build-settings.js';

/** What Aether writes a Dockerfile for: everything but a project that brings its own. */
export type GeneratedDetection = Exclude<Detection, { kind: 'dockerfile' }>;

/** Deterministic: the same detection, images and settings always give the same Dockerfile and port. */
export function generateDockerfile(detection: GeneratedDetection, images: BaseImages, settings: BuildSettings): GeneratedDockerfile {
  // The Dockerfile is where a bad setting would do harm, so it is checked here whoever called.
  parseBuildSettings(settings);
  const generated = generatedFor(detection, images, settings);
  // Only static output has an output folder, and only the static file server answers missing paths.
  if (generated.commands.outputDir === null) refuseSettings(settings, ['spaFallback', 'notFoundPage'], 'it applies to static output only, and this app runs a server');
  return generated;
}

/**
 * The Dockerfile Aether writes for a detection, its file server told aether.json's rules; null
 * for a repository's own Dockerfile, which serves what it builds and so takes no rules.
 */
export function dockerfileFor(detection: Detection, images: BaseImages, settings: BuildSettings, rules: ServerRules): GeneratedDockerfile | null {
  if (detection.kind !== 'dockerfile') return withServerRules(generateDockerfile(detection, images, settings), rules, images.node);
  refuseServerRules(rules, "the repository's Dockerfile serves what it builds");
  return null;
}

function generatedFor(detection: GeneratedDetection, images: BaseImages, settings: BuildSettings): GeneratedDockerfile {
  switch (detection.kind) {
    case 'node':
      return nodeDockerfile(detection, images, settings);
    case 'static':
      return staticDockerfile(images, settings);
    case 'python':
      return pythonDockerfile(detection, images, settings);
    case 'go':
      return goDockerfile(detection, images, settings);
  }
}
