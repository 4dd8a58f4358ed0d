import { describe, expect, it } from 'vitest';
import { pnpmWorkspacePackages } from './pnpm-workspace-file.js';

describe('pnpmWorkspacePackages', () => {
  it('reads a block list, quoted or not, with comments', () => {
    const text = "# the workspace\npackages:\n  - 'apps/*' # apps\n  - \"packages/*\"\n  - tools/lint\n  - '!**/test/**'\n\ncatalog:\n  react: ^19\n";
    expect(pnpmWorkspacePackages(text)).toEqual(['apps/*', 'packages/*', 'tools/lint', '!**/test/**']);
  });

  it('reads a flow list, on one line or several', () => {
    expect(pnpmWorkspacePackages("packages: ['apps/*', \"packages/*\"]\n")).toEqual(['apps/*', 'packages/*']);
    expect(pnpmWorkspacePackages("packages: [\n  'apps/*',\n  'packages/*',\n]\n")).toEqual(['apps/*', 'packages/*']);
  });

  it('reads the top-level key only, to its end, however the dashes are spaced', () => {
    const text = [
      'catalogs:',
      '  packages:',
      '    - not/this',
      'packages :',
      '  -   apps/*',
      '# - old/*',
      "  - 'libs/*'",
      "  - a'b'",
      'onlyBuiltDependencies:',
      '  - esbuild',
    ].join('\n');
    expect(pnpmWorkspacePackages(text)).toEqual(['apps/*', 'libs/*', "a'b'"]);
  });

  it('reads a block list to the last line of a file with no final newline', () => {
    expect(pnpmWorkspacePackages('packages:\n  - apps/*\n  - libs/*')).toEqual(['apps/*', 'libs/*']);
  });

  it('reads a flow list with a spaced key, and one left unclosed to the end', () => {
    expect(pnpmWorkspacePackages("packages : ['apps/*']\n")).toEqual(['apps/*']);
    expect(pnpmWorkspacePackages("packages: ['apps/*', 'libs/*'")).toEqual(['apps/*', 'libs/*']);
  });

  it('is null without a packages key', () => {
    expect(pnpmWorkspacePackages('catalog:\n  react: ^19\n')).toBeNull();
    expect(pnpmWorkspacePackages('')).toBeNull();
  });
});
