import { parseBranch, parseRepositoryUrl, parseRootDirectory } from '../../../contract/source-spec.js';
import { Refusal } from '../../../shared/refusal.js';
import type { Database } from '../db/database.js';
import type { ProjectSettings } from './project-settings.js';
import { type AppLimits, settingAboveLimit } from '../deployments/app-limits.js';
import { checkSlugClaimable } from './slug-claims.js';

// What a user sets on a project, checked before it is written: each field through the same
// parser the builder uses, so a project never holds what cannot build.

export interface ProjectInput {
  slug?: string | undefined;
  repository?: string | undefined;
  branch?: string | undefined;
  rootDirectory?: string | undefined;
  settings?: ProjectSettings | undefined;
  autoDeploy?: boolean | undefined;
}

/** What this install allows a project. */
export interface ProjectRules {
  /** Local paths as repositories: tests only. */
  allowLocalSources: boolean;
  /** The most memory and CPU a project may ask for. */
  appLimits: AppLimits;
  /** The slug whose host is the dashboard's, which no project may take; null when the dashboard is elsewhere. */
  dashboardSlug: string | null;
}

/** The input's fields, each parsed, and its memory and CPU within what the admin allows. */
export function checkedProject(input: ProjectInput, rules: ProjectRules) {
  const aboveLimit = input.settings === undefined ? null : settingAboveLimit(input.settings, rules.appLimits);
  if (aboveLimit !== null) throw new Refusal(400, aboveLimit.message, aboveLimit.field);
  return {
    ...(input.slug !== undefined && { slug: input.slug }),
    ...(input.repository !== undefined && { repository: parseRepositoryUrl(input.repository, { allowLocal: rules.allowLocalSources }) }),
    ...(input.branch !== undefined && { branch: parseBranch(input.branch) }),
    ...(input.rootDirectory !== undefined && { rootDirectory: parseRootDirectory(input.rootDirectory) }),
    ...(input.settings !== undefined && { settings: input.settings }),
    ...(input.autoDeploy !== undefined && { autoDeploy: input.autoDeploy }),
  };
}

/** Refuses a slug whose host is already someone else's name (see slug-claims.ts). */
export async function checkSlug(db: Database, rules: ProjectRules, slug: string): Promise<void> {
  await checkSlugClaimable(db, slug, rules.dashboardSlug);
}
