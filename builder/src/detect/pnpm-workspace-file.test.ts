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

  it('is null without a packages key', () => {
    expect(pnpmWorkspacePackages('catalog:\n  react: ^19\n')).toBeNull();
    expect(pnpmWorkspacePackages('')).toBeNull();
  });
});
