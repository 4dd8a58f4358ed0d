import type { BuildSettings } from '../../../contract/build-settings.js';
import { REPOSITORY_SETTINGS_FILE, type RepositorySettings, repositorySettingsFileSchema, type ServerRules } from '../../../contract/repository-settings.js';
import { DetectionError } from './detection.js';
import { joinPath, type SourceTree } from './source-tree.js';

/**
 * The app's aether.json, read as every repository file is (a link out of the checkout is
 * absent); null when it has none. A file that breaks the schema fails the build naming the field.
 */
export function readRepositorySettings(tree: SourceTree, projectPath: string): RepositorySettings | null {
  const text = tree.readText(joinPath(projectPath, REPOSITORY_SETTINGS_FILE));
  if (text === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DetectionError(`${REPOSITORY_SETTINGS_FILE} is not valid JSON: ${(error as Error).message}`);
  }
  const result = repositorySettingsFileSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.join('.');
    throw new DetectionError(`${REPOSITORY_SETTINGS_FILE}: ${field === '' ? '' : `${field} `}${issue.message}`);
  }
  const { $schema: _, ...settings } = result.data;
  return settings;
}

/**
 * The settings of the file the Dockerfile takes as project settings: the Node.js version is
 * detection's, the health check control's, at rollout, redirects and headers the file server's.
 */
export function buildPartOf(settings: RepositorySettings | null): BuildSettings {
  if (settings === null) return {};
  const { healthCheckPath: _, node: __, redirects: ___, headers: ____, ...build } = settings;
  return build;
}

/** What the static file server is told beside its files. */
export function serverRulesOf(settings: RepositorySettings | null): ServerRules {
  return { redirects: settings?.redirects ?? [], headers: settings?.headers ?? [] };
}
