import { describe, expect, it } from 'vitest';
import { parsePackageManagerField } from './package-manager.js';

describe('parsePackageManagerField', () => {
  it('takes a known manager and its exact version, prerelease included, Corepack hash left out', () => {
    expect(
      ['pnpm@10.12.4', 'yarn@4.0.0-rc.53', 'npm@11.4.2+sha512.abc123', 'bun@1.2.18'].map(parsePackageManagerField),
    ).toEqual([
      { name: 'pnpm', version: '10.12.4' },
      { name: 'yarn', version: '4.0.0-rc.53' },
      { name: 'npm', version: '11.4.2' },
      { name: 'bun', version: '1.2.18' },
    ]);
  });

  it('ignores another manager whose name ends like a known one, and versions that are no exact version', () => {
    expect(['cnpm@9.1.0', 'pnpm@9', 'pnpm@latest', 'pnpm@9.1.0; rm -rf /', 'pnpm@9.1.0-', 'yarn@4.0.0-rc 1'].map(parsePackageManagerField)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});
