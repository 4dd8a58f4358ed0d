import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRootDirectory } from '../../../contract/source-spec.js';
import { resolveRootDirectory } from './root-directory.js';

// A checkout on disk, as a malicious repository could lay it out: its links are the repository's to point anywhere.
const outside = realpathSync(mkdtempSync(join(tmpdir(), 'aether-outside-')));
const checkout = realpathSync(mkdtempSync(join(tmpdir(), 'aether-checkout-')));
mkdirSync(join(checkout, 'apps', 'web'), { recursive: true });
writeFileSync(join(checkout, 'README.md'), 'hi');
symlinkSync(outside, join(checkout, 'escape'));
symlinkSync(join(checkout, 'apps'), join(checkout, 'inside'));
// A sibling whose name starts like the checkout's: a prefix check without the separator would take it for inside.
const sibling = `${checkout}-evil`;
mkdirSync(sibling);
symlinkSync(sibling, join(checkout, 'sibling'));

afterAll(() => {
  for (const dir of [outside, checkout, sibling]) rmSync(dir, { recursive: true, force: true });
});

const resolve = (root: string) => resolveRootDirectory(checkout, parseRootDirectory(root));
const refusal = (root: string) => resolve(root).then(() => null, (error: { field: string; message: string }) => ({ field: error.field, message: error.message }));

describe('the project’s root directory in a checkout', () => {
  it('is the folder it names, the repository itself, or where a link inside the repository points', async () => {
    expect(await resolve('apps/web')).toBe(join(checkout, 'apps', 'web'));
    expect(await resolve('')).toBe(checkout);
    expect(await resolve('inside/web')).toBe(join(checkout, 'apps', 'web'));
  });

  it('is refused when a link takes it out of the repository, even to a sibling whose name starts the same', async () => {
    expect(await refusal('escape')).toEqual({ field: 'rootDirectory', message: 'rootDirectory: "escape" is a link that leaves the repository' });
    expect(await refusal('sibling')).toEqual({ field: 'rootDirectory', message: 'rootDirectory: "sibling" is a link that leaves the repository' });
  });

  it('is refused when it does not exist or is a file, saying which', async () => {
    expect(await refusal('apps/api')).toEqual({ field: 'rootDirectory', message: 'rootDirectory: "apps/api" does not exist in the repository' });
    expect(await refusal('README.md')).toEqual({ field: 'rootDirectory', message: 'rootDirectory: "README.md" is not a directory' });
  });
});
