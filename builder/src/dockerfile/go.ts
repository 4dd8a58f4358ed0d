import { commandArgv, refuseSettings, SettingsError, type BuildSettings } from '../../../contract/build-settings.js';
import type { BaseImages } from '../base-images.js';
import type { GoDetection } from '../detect/detection.js';
import { cmd, copy, env, expose, type GeneratedDockerfile, run, type Stage, user, workdir } from './instructions.js';
import { GO_PORT } from './ports.js';

// The configured Go image is used whatever go.mod's `go` line says: golang:1 is the newest Go,
// which builds older modules, and an operator's pinned image must not be swapped for another.

const MODULE_CACHE = '/go/pkg/mod';
const BUILD_CACHE = '/root/.cache/go-build';
/** Where the build leaves the binary; a custom build command must write it there too. */
export const GO_BINARY = '/out/app';

export function goDockerfile(detection: GoDetection, images: BaseImages, settings: BuildSettings): GeneratedDockerfile {
  refuseSettings(settings, ['startCommand'], 'the Go image is only the binary, with no shell to run a command');
  refuseSettings(settings, ['outputDir'], 'a Go app is one binary, not an output directory');
  const version = detection.goVersion === null ? 'no go directive' : `go ${detection.goVersion}`;
  const main = detection.mainPackage ?? 'chosen by the build command';
  const port = settings.port ?? GO_PORT;
  const header = `Aether detected: Go module (${version}), main package ${main}`;
  const commands = { install: installArgv(settings), builds: [buildArgv(detection, settings)], start: null, outputDir: null };
  return { dockerfile: { header, stages: [buildStage(detection, images.go, settings), runtimeStage(port)] }, port, commands };
}

function installArgv(settings: BuildSettings): string[] {
  return commandArgv(settings, 'installCommand') ?? ['go', 'mod', 'download'];
}

function buildStage(detection: GoDetection, image: string, settings: BuildSettings): Stage {
  return {
    from: image,
    name: 'build',
    instructions: [
      workdir('/src'),
      // A static binary, so that it runs in an empty image.
      env({ CGO_ENABLED: 0 }),
      copy(detection.goSum ? ['go.mod', 'go.sum'] : ['go.mod'], './'),
      run(installArgv(settings), [MODULE_CACHE]),
      copy(['.'], '.'),
      run(buildArgv(detection, settings), [MODULE_CACHE, BUILD_CACHE]),
    ],
  };
}

function buildArgv({ mainPackage, commands }: GoDetection, settings: BuildSettings): string[] {
  const custom = commandArgv(settings, 'buildCommand');
  if (custom !== null) return custom;
  if (mainPackage === null) throw new SettingsError(noMainPackage(commands));
  return ['go', 'build', '-trimpath', '-ldflags=-s -w', '-o', GO_BINARY, mainPackage];
}

// Like a monorepo's several apps: Aether does not guess which command is the server.
function noMainPackage(commands: readonly string[]): string {
  const example = `go build -o ${GO_BINARY} ./cmd/${commands[0] ?? 'api'}`;
  const found =
    commands.length === 0
      ? 'there is no main.go at the root nor a main package in cmd/<name>'
      : `this module has several commands (${commands.map((name) => `cmd/${name}`).join(', ')}) and no main.go at the root`;
  return `buildCommand is required: ${found}; set it in the project's settings or aether.json to build the one to deploy into ${GO_BINARY}, e.g. ${example}`;
}

// Nothing but the binary and the CA bundle it needs for outgoing TLS, run as nobody.
function runtimeStage(port: number): Stage {
  return {
    from: 'scratch',
    instructions: [
      copy(['/etc/ssl/certs/ca-certificates.crt'], '/etc/ssl/certs/ca-certificates.crt', { from: 'build' }),
      copy([GO_BINARY], '/app', { from: 'build' }),
      env({ PORT: port }),
      user('65534:65534'),
      expose(port),
      cmd(['/app']),
    ],
  };
}
