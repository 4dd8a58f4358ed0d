import type { Branch, CommitSha, RepositoryUrl } from '../../../contract/source-spec.js';

// The git commands for a checkout, as argument arrays: nothing here passes through a shell,
// and every URL, branch or SHA comes after `--` or in a position git reads as data.

export type Revision = { kind: 'branch'; branch: Branch } | { kind: 'commit'; sha: CommitSha };

export function checkoutCommands(url: RepositoryUrl, revision: Revision, dir: string): string[][] {
  return [...revisionCommands(url, revision, dir), submoduleCommand(dir)];
}

function revisionCommands(url: RepositoryUrl, revision: Revision, dir: string): string[][] {
  if (revision.kind === 'branch') {
    return [['git', 'clone', '--quiet', '--depth', '1', '--single-branch', '--branch', revision.branch, '--', url, dir]];
  }
  return [
    ['git', 'init', '--quiet', '--', dir],
    ['git', '-C', dir, 'fetch', '--quiet', '--depth', '1', '--', url, revision.sha],
    ['git', '-C', dir, 'checkout', '--quiet', '--detach', 'FETCH_HEAD'],
  ];
}

// Submodules at the commits the repository records, shallow; without any it does nothing.
function submoduleCommand(dir: string): string[] {
  return ['git', '-C', dir, 'submodule', 'update', '--quiet', '--init', '--recursive', '--depth', '1'];
}

/** Prints the checked-out commit's SHA, then its subject line. */
export function headCommand(dir: string): string[] {
  return ['git', '-C', dir, 'log', '-1', '--format=%H%n%s'];
}

/**
 * The environment git runs with. The token travels as an HTTP header set through GIT_CONFIG_*
 * variables: never in argv (which `ps` shows), never in .git/config, never in the URL. The
 * header is scoped to the repository's own origin, so a submodule on another server never sees
 * it. GIT_ALLOW_PROTOCOL stops ext::, ssh and the rest even inside submodules or redirects.
 */
export function gitEnvironment(options: { url: RepositoryUrl; token?: string; allowLocal: boolean }): Record<string, string> {
  const env: Record<string, string> = {
    GIT_TERMINAL_PROMPT: '0',
    GIT_ALLOW_PROTOCOL: options.allowLocal ? 'https:file:http' : 'https',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  // A local path has no server to send a token to.
  const origin = URL.canParse(options.url) ? new URL(options.url).origin : null;
  if (options.token !== undefined && origin !== null) {
    const basic = Buffer.from(`x-access-token:${options.token}`).toString('base64');
    Object.assign(env, {
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${origin}/.extraHeader`,
      GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`,
    });
  }
  return env;
}

/** What must never appear in a log line or an error: the token, and the header that carries it. */
export function secretsOf(token: string | undefined): string[] {
  return token === undefined ? [] : [token, Buffer.from(`x-access-token:${token}`).toString('base64')];
}
