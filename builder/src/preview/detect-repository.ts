import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { DetectionAnswer } from '../../../contract/detect-job.js';
import type { Branch, RepositoryUrl, RootDirectory } from '../../../contract/source-spec.js';
import type { BuilderEnvironment } from '../build-project.js';
import { checkout } from '../source/checkout.js';
import { diskTree } from '../source/disk-tree.js';
import { resolveRootDirectory } from '../source/root-directory.js';
import { DETECT_CHECKOUT } from '../source/stale-checkouts.js';
import { detectionFailure } from './detection-failure.js';
import { previewDetection } from './preview-detection.js';
import { workspaceCandidates } from './workspace-candidates.js';

export interface DetectionRequest {
  url: RepositoryUrl;
  branch: Branch;
  rootDirectory: RootDirectory;
  token?: string;
}

/**
 * A shallow checkout of the branch, read as a build reads it (through the one reader that never
 * follows a link out of the checkout), previewed, and removed. A workspace root that is no app
 * answers with its member packages to choose from. Throws only failures that are not the
 * requester's to fix.
 */
export async function detectRepository(env: Pick<BuilderEnvironment, 'images' | 'workDir' | 'allowLocal'>, request: DetectionRequest, signal: AbortSignal): Promise<DetectionAnswer> {
  const dir = await mkdtemp(join(env.workDir, DETECT_CHECKOUT));
  try {
    await checkout({
      url: request.url,
      revision: { kind: 'branch', branch: request.branch },
      dir,
      allowLocal: env.allowLocal,
      signal,
      ...(request.token !== undefined && { token: request.token }),
    });
    const repository = await realpath(dir);
    const projectPath = relative(repository, await resolveRootDirectory(dir, request.rootDirectory));
    const tree = diskTree(repository);
    try {
      return previewDetection(tree, projectPath, env.images);
    } catch (error) {
      const candidates = workspaceCandidates(tree, projectPath);
      if (candidates.length === 0) throw error;
      const none = { installCommand: null, buildCommand: null, startCommand: null, outputDir: null, port: null, repositorySettings: null };
      return { framework: 'Monorepo', kind: 'workspace', rootDirectory: projectPath, ...none, candidates };
    }
  } catch (error) {
    const failure = detectionFailure(error, request.branch);
    if (failure === null) throw error;
    return failure;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
