import type { RepositoryDetection } from '../../../contract/detect-job.js';
import type { BaseImages } from '../base-images.js';
import { detect, DetectionError, type SourceTree } from '../detect/index.js';
import { frameworkName } from '../detect/framework-name.js';
import { joinPath } from '../detect/source-tree.js';
import { commandText, stepsText } from '../dockerfile/command-text.js';
import { generateDockerfile } from '../dockerfile/index.js';
import { exposedPort } from './exposed-port.js';

/**
 * What a build of the project at `projectPath` would do with no settings given: the detection and
 * the commands of the Dockerfile Aether would generate, or, for a repository's own Dockerfile, the
 * port it exposes. Throws what a build would fail on (DetectionError, SettingsError).
 */
export function previewDetection(tree: SourceTree, projectPath: string, images: BaseImages): RepositoryDetection {
  const detection = detect(tree, projectPath);
  // A monorepo's root stands for its one app: the root directory a build would use is that app's.
  const { workspace } = detection.kind === 'node' ? detection : { workspace: null };
  const rootDirectory = workspace === null ? projectPath : joinPath(workspace.root, workspace.app.path);
  const found = { framework: frameworkName(detection), kind: detection.kind, rootDirectory };
  if (detection.kind === 'dockerfile') {
    const text = tree.readText(joinPath(projectPath, 'Dockerfile'));
    if (text === undefined) throw new DetectionError('the Dockerfile is not a regular file of at most 5 MB inside the repository');
    return { ...found, installCommand: null, buildCommand: null, startCommand: null, outputDir: null, port: exposedPort(text) };
  }
  const { commands, port } = generateDockerfile(detection, images, {});
  return {
    ...found,
    installCommand: commands.install === null ? null : commandText(commands.install),
    buildCommand: stepsText(commands.builds),
    startCommand: commands.start === null ? null : commandText(commands.start),
    outputDir: commands.outputDir,
    port,
  };
}
