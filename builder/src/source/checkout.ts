import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RepositoryUrl } from '../../../contract/source-spec.js';
import { redact } from '../redact.js';
import { checkoutCommands, gitEnvironment, headCommand, type Revision, secretsOf } from './git-commands.js';

const run = promisify(execFile);

export interface CheckoutRequest {
  url: RepositoryUrl;
  revision: Revision;
  /** Where to check out; must not exist yet or be empty. */
  dir: string;
  token?: string;
  allowLocal: boolean;
  signal?: AbortSignal;
}

export interface Commit {
  sha: string;
  message: string;
}

export class CheckoutError extends Error {}

/** A shallow checkout of one revision; resolves with the commit that was checked out. */
export async function checkout(request: CheckoutRequest): Promise<Commit> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...gitEnvironment({ url: request.url, allowLocal: request.allowLocal, ...(request.token !== undefined && { token: request.token }) }),
  };
  const secrets = secretsOf(request.token);
  const git = (argv: string[]) => runGit(argv, env, secrets, request.signal);
  for (const argv of checkoutCommands(request.url, request.revision, request.dir)) await git(argv);
  const [sha = '', ...subject] = (await git(headCommand(request.dir))).trimEnd().split('\n');
  return { sha, message: subject.join('\n') };
}

async function runGit(argv: string[], env: Record<string, string>, secrets: string[], signal: AbortSignal | undefined): Promise<string> {
  try {
    const { stdout } = await run(argv[0]!, argv.slice(1), { env, maxBuffer: 1 << 20, ...(signal && { signal }) });
    return stdout;
  } catch (error) {
    signal?.throwIfAborted();
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new CheckoutError(redact(stderr || String(error), secrets));
  }
}
