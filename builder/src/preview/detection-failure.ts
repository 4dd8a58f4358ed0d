import type { DetectionFailure } from '../../../contract/detect-job.js';
import { SourceError } from '../../../contract/source-spec.js';
import { DetectionError } from '../detect/index.js';
import { SettingsError } from '../dockerfile/index.js';
import { CheckoutError } from '../source/checkout.js';

// git's words when `clone --branch` names a branch the remote does not have.
const MISSING_BRANCH = /Remote branch .* not found|Could not find remote branch/;
const SETTING = /^(installCommand|buildCommand|startCommand|outputDir|port)\b/;
/**
 * One answer for every other clone failure: git's own words (refused, unresolved, timed out, a
 * certificate) would tell a tenant which hosts and ports answer on the builder's network, a
 * scan for the asking, seconds each.
 */
export const CLONE_FAILED = 'repository: it could not be cloned: check the URL, and for a private repository that your GitHub account can read it';

/**
 * Why a detection failed, as the person who asked can act on it: the request field (or project
 * setting) that would fix it. Null for a failure that is ours, not theirs.
 */
export function detectionFailure(error: unknown, branch: string): DetectionFailure | null {
  if (error instanceof SourceError) return { error: error.message, field: error.field === 'commit' ? 'branch' : error.field };
  if (error instanceof CheckoutError) {
    return MISSING_BRANCH.test(error.message)
      ? { error: `branch: ${JSON.stringify(branch)} does not exist in the repository`, field: 'branch' }
      : { error: CLONE_FAILED, field: 'repository' };
  }
  if (error instanceof SettingsError) {
    const setting = SETTING.exec(error.message)?.[1] as DetectionFailure['field'] | undefined;
    return { error: error.message, field: setting ?? 'rootDirectory' };
  }
  if (error instanceof DetectionError) return { error: error.message, field: 'rootDirectory' };
  return null;
}
