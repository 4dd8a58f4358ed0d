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

  it('reads a flow list with a spaced key', () => {
    expect(pnpmWorkspacePackages("packages : ['apps/*']\n")).toEqual(['apps/*']);
  });

  it('refuses a file pnpm could not read either, saying why', () => {
    expect(() => pnpmWorkspacePackages("packages: ['apps/*', 'libs/*'")).toThrow(/^pnpm-workspace.yaml is not valid YAML: Flow sequence in block collection must be/);
    expect(() => pnpmWorkspacePackages('packages: apps/*\n')).toThrow(/packages must be a list of folder patterns/);
    expect(() => pnpmWorkspacePackages('packages:\n  - apps/*\n  - { path: libs }\n')).toThrow(/packages must be a list/);
  });

  it('refuses a file whose aliases would expand without end', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i += 1) laughs.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    laughs.push('packages: *j');
    expect(() => pnpmWorkspacePackages(laughs.join('\n'))).toThrow(/not valid YAML/);
  });

  it('is null without a packages key', () => {
    expect(pnpmWorkspacePackages('catalog:\n  react: ^19\n')).toBeNull();
    expect(pnpmWorkspacePackages('')).toBeNull();
    expect(pnpmWorkspacePackages('packages:\nonlyBuiltDependencies:\n  - esbuild\n')).toBeNull();
    for (const text of ['- apps/*\n', 'apps/*\n']) expect(pnpmWorkspacePackages(text)).toBeNull();
  });
});
