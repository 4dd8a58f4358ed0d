import { describe, expect, it } from 'vitest';
import { detected, finalStage, generated, IMAGES, lineIndex, stageNamed } from './dockerfile-stages.test-support.js';
import { generateDockerfile } from './index.js';

const GO = { 'go.mod': 'module example.com/api\n\ngo 1.22.3\n', 'go.sum': '', 'cmd/api/main.go': 'package main' };
const generate = (files: Record<string, string>, settings = {}) => generated(detected(files), settings);

describe('Go', () => {
  it('downloads modules from go.mod and go.sum before copying the source, with caches', () => {
    const build = stageNamed(generate(GO), 'build');
    expect(build.from).toBe(`FROM ${IMAGES.go} AS build`);
    const download = lineIndex(build, /^RUN --mount=type=cache,target=\/go\/pkg\/mod \["go","mod","download"\]$/);
    expect(lineIndex(build, /^COPY go.mod go.sum \.\/$/)).toBeLessThan(download);
    expect(download).toBeLessThan(lineIndex(build, /^COPY \. \.$/));
    const { 'go.sum': _sum, ...withoutSum } = GO;
    expect(stageNamed(generate(withoutSum), 'build').lines).toContain('COPY go.mod ./');
  });

  it('builds a static, stripped binary of the main package', () => {
    const build = stageNamed(generate(GO), 'build');
    expect(lineIndex(build, /^ENV CGO_ENABLED=0$/)).toBeLessThan(lineIndex(build, /"go","build"/));
    expect(build.lines.at(-1)).toBe(
      'RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build ' +
        '["go","build","-trimpath","-ldflags=-s -w","-o","/out/app","./cmd/api"]',
    );
  });

  it('ships only the binary and CA certificates in an empty image, run as nobody', () => {
    expect(finalStage(generate(GO))).toEqual({
      from: 'FROM scratch',
      lines: [
        'COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt',
        'COPY --from=build /out/app /app',
        'ENV PORT=8080',
        'USER 65534:65534',
        'EXPOSE 8080',
        'CMD ["/app"]',
      ],
    });
  });

  it('asks for a build command when the main package is ambiguous, and refuses a start command', () => {
    const ambiguous = { 'go.mod': 'module x\n', 'cmd/api/main.go': 'package main', 'cmd/worker/main.go': 'package main' };
    expect(() => generate(ambiguous)).toThrow(/^buildCommand is required: .*\/out\/app/);
    const build = stageNamed(generate(ambiguous, { buildCommand: 'go build -o /out/app ./cmd/worker' }), 'build');
    expect(build.lines.at(-1)).toMatch(/\["sh","-c","go build -o \/out\/app \.\/cmd\/worker"\]$/);
    expect(() => generate(GO, { startCommand: './app serve' })).toThrow(/^startCommand does not apply: .*no shell/);
  });

  it('builds in /src, and says in its header and commands what it found and runs', () => {
    expect(stageNamed(generate(GO), 'build').lines.slice(0, 2)).toEqual(['WORKDIR /src', 'ENV CGO_ENABLED=0']);
    const found = generateDockerfile(detected(GO), IMAGES, {});
    expect(found.dockerfile.header).toBe('Aether detected: Go module (go 1.22.3), main package ./cmd/api');
    expect(found.commands).toEqual({
      install: ['go', 'mod', 'download'],
      builds: [['go', 'build', '-trimpath', '-ldflags=-s -w', '-o', '/out/app', './cmd/api']],
      start: null,
      outputDir: null,
    });
    const ambiguous = { 'go.mod': 'module x\n', 'cmd/api/main.go': 'package main', 'cmd/worker/main.go': 'package main' };
    const chosen = generateDockerfile(detected(ambiguous), IMAGES, { buildCommand: 'go build -o /out/app ./cmd/worker' });
    expect(chosen.dockerfile.header).toBe('Aether detected: Go module (no go directive), main package chosen by the build command');
    expect(chosen.commands.builds).toEqual([['sh', '-c', 'go build -o /out/app ./cmd/worker']]);
  });

  it('refuses an output directory', () => {
    expect(() => generate(GO, { outputDir: 'bin' })).toThrow('outputDir does not apply: a Go app is one binary, not an output directory');
  });
});
