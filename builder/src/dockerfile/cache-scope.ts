import { SettingsError } from './settings.js';

// BuildKit shares a cache mount among every build that names the same id, which defaults to its
// target path: one project's build could leave entries (a Go build cache, pip wheels) that
// another project's build then trusts. Each project gets caches of its own instead.

const SCOPE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const CACHE_MOUNT = /--mount=type=cache,target=(\S+)/g;

export function scopeCacheMounts(dockerfile: string, scope: string): string {
  if (!SCOPE.test(scope)) throw new SettingsError(`cache scope ${JSON.stringify(scope)} must be lower-case letters, digits and dashes`);
  return dockerfile.replace(CACHE_MOUNT, (_, target: string) => `--mount=type=cache,id=${scope}${target},target=${target}`);
}
