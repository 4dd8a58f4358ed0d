import { posix } from 'node:path';
import { Refusal } from '../shared/refusal.js';

// What to build, parsed from user input before any work starts. Each parser refuses with a
// SourceError naming the field, so a bad project setting fails at once with a clear reason.

export type RepositoryUrl = string & { readonly __brand: 'RepositoryUrl' };
export type Branch = string & { readonly __brand: 'Branch' };
export type CommitSha = string & { readonly __brand: 'CommitSha' };
/** A path inside the repository, normalised, with no `..` and no leading slash; '' is the root. */
export type RootDirectory = string & { readonly __brand: 'RootDirectory' };

export class SourceError extends Refusal {
  constructor(
    override readonly field: 'repository' | 'branch' | 'commit' | 'rootDirectory',
    message: string,
  ) {
    super(400, `${field}: ${message}`, field);
  }
}

export interface UrlPolicy {
  /** Local paths, file:// URLs and plain http:// to loopback: for tests and local git servers only. */
  allowLocal: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function parseRepositoryUrl(input: string, policy: UrlPolicy): RepositoryUrl {
  if (policy.allowLocal && (input.startsWith('/') || input.startsWith('file:///'))) return input as RepositoryUrl;
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new SourceError('repository', `${JSON.stringify(input)} is not a URL; use https://host/owner/repo`);
  }
  const localServer = policy.allowLocal && url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  if (url.protocol !== 'https:' && !localServer) {
    throw new SourceError('repository', `${url.protocol.replace(/:$/, '')} URLs are not supported; use https://host/owner/repo`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new SourceError('repository', 'remove the credentials from the URL; private repositories clone with your connected GitHub account');
  }
  return url.href as RepositoryUrl;
}

// git check-ref-format's rules, plus no leading '-' so a branch can never read as an option.
const badBranch = /(^[-/.])|([/.]$)|\.\.|\/\/|@\{|[\x00-\x20\x7f~^:?*[\\]|\.lock(\/|$)/;

export function parseBranch(input: string): Branch {
  if (input === '' || input.length > 255 || input === '@' || badBranch.test(input)) {
    throw new SourceError('branch', `${JSON.stringify(input)} is not a valid branch name`);
  }
  return input as Branch;
}

export function parseCommitSha(input: string): CommitSha {
  if (!/^[0-9a-f]{40}$/.test(input)) throw new SourceError('commit', `${JSON.stringify(input)} is not a full 40-character commit SHA`);
  return input as CommitSha;
}

export function parseRootDirectory(input: string): RootDirectory {
  if (input.includes('\0')) throw new SourceError('rootDirectory', 'must not contain NUL');
  const trimmed = input.trim();
  if (trimmed.startsWith('/')) throw new SourceError('rootDirectory', 'must be relative to the repository root');
  const normalised = posix.normalize(trimmed === '' ? '.' : trimmed).replace(/\/$/, '');
  if (normalised === '..' || normalised.startsWith('../')) {
    throw new SourceError('rootDirectory', `${JSON.stringify(input)} leaves the repository`);
  }
  return (normalised === '.' ? '' : normalised) as RootDirectory;
}
