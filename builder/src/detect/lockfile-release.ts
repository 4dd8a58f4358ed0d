import type { PackageManager } from './detection.js';

// Without a packageManager field the newest release of a manager would install, and newer
// releases refuse older lockfile formats (pnpm 10 and later stop at pnpm 8's '6.0';
// Yarn 4 under --immutable rewrites a Yarn 3 lockfile and fails). The format tells which
// release line wrote it; each line's last release installs, pinned here so builds repeat.

type Lockfile = NonNullable<PackageManager['lockfile']>;

/** The exact release to install for this lockfile, or null when the newest reads it as written. */
export function lockfileRelease(lockfile: Lockfile, text: string): string | null {
  switch (lockfile) {
    case 'pnpm-lock.yaml':
      return pnpmRelease(text);
    case 'yarn.lock':
      return yarnRelease(text);
    case 'package-lock.json':
      return npmRelease(text);
    case 'bun.lockb':
      // The binary format is Bun 1.1's; 1.2 and later write bun.lock and convert this one.
      return '1.1.45';
    case 'bun.lock':
      return null;
  }
}

// lockfileVersion '9.0' is written by pnpm 9 to 12 alike; pnpm 10 reads all of them and still
// takes the package.json `pnpm` settings (build-script allow-lists) that pnpm 11 moved out.
function pnpmRelease(text: string): string | null {
  const format = /^lockfileVersion:\s*['"]?(\d+)\.\d+/m.exec(text)?.[1];
  switch (format) {
    case '9':
      return '10.34.9';
    case '6':
      return '8.15.9';
    case '5':
      return '7.33.7';
    default:
      return null;
  }
}

// Yarn 1 marks its lockfile in a comment; Yarn 2+ writes `__metadata.version`, raised with each major.
function yarnRelease(text: string): string | null {
  if (/^# yarn lockfile v1$/m.test(text)) return '1.22.22';
  const version = Number(/^__metadata:\r?\n(?:[ \t]+.*\r?\n)*?[ \t]+version:\s*(\d+)/m.exec(text)?.[1]);
  if (version <= 4) return '2.4.2';
  if (version <= 6) return '3.8.7';
  if (version <= 8) return '4.18.1';
  return null;
}

// npm 7 and later read lockfileVersion 1, but rewrite it and fetch every package's metadata to
// do so; npm 6 installs it as it was written.
function npmRelease(text: string): string | null {
  return /"lockfileVersion"\s*:\s*1\s*[,}]/.test(text) ? '6.14.18' : null;
}
