import type { RepositoryDetection } from '../../../contract/detect-job.js';
import type { BaseImages } from '../base-images.js';
import { detect, DetectionError, type SourceTree } from '../detect/index.js';
import { frameworkName } from '../detect/framework-name.js';
import { buildPartOf, readRepositorySettings, serverRulesOf } from '../detect/repository-settings.js';
import { appDirectory } from '../detect/workspace-app.js';
import { joinPath } from '../detect/source-tree.js';
import { commandText, stepsText } from '../dockerfile/command-text.js';
import { dockerfileFor } from '../dockerfile/index.js';
import { exposedPort } from './exposed-port.js';

/**
 * What a build of the project at `projectPath` would do with no settings but its aether.json's: the detection and
 * the commands of the Dockerfile Aether would generate, or, for a repository's own Dockerfile, the
 * port it exposes. Throws what a build would fail on (DetectionError, SettingsError).
 */
export function previewDetection(tree: SourceTree, projectPath: string, images: BaseImages): RepositoryDetection {
  const detection = detect(tree, projectPath);
  const rootDirectory = appDirectory(detection, projectPath);
  const repositorySettings = readRepositorySettings(tree, rootDirectory);
  const found = { framework: frameworkName(detection), kind: detection.kind, rootDirectory, repositorySettings };
  const plan = dockerfileFor(detection, images, buildPartOf(repositorySettings), serverRulesOf(repositorySettings));
  if (plan === null) {
    const text = tree.readText(joinPath(projectPath, 'Dockerfile'));
    if (text === undefined) throw new DetectionError('the Dockerfile is not a regular file of at most 5 MB inside the repository');
    return { ...found, installCommand: null, buildCommand: null, startCommand: null, outputDir: null, port: repositorySettings?.port ?? exposedPort(text) };
  }
  const { commands, port } = plan;
  return {
    ...found,
    installCommand: commands.install === null ? null : commandText(commands.install),
    buildCommand: stepsText(commands.builds),
    startCommand: commands.start === null ? null : commandText(commands.start),
    outputDir: commands.outputDir,
    port,
  };
}
