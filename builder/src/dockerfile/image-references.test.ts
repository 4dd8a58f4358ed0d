import { describe, expect, it } from 'vitest';
import { argsInFinalImage, type BuildPlatform, dockerfileStages } from './image-references.js';
import { parseDockerfile } from './parse-dockerfile.js';

const amd64: BuildPlatform = { os: 'linux', architecture: 'amd64', variant: '' };
const stagesOf = (lines: string[], args: Record<string, string> = {}, platform = amd64) => dockerfileStages(parseDockerfile(lines.join('\n')), args, platform);
const images = (lines: string[], args: Record<string, string> = {}, platform = amd64) => stagesOf(lines, args, platform).images.map((i) => i.reference);

describe('ARG and ENV declarations', () => {
  it('reads every name of an ARG that declares several, as BuildKit does', () => {
    const stages = stagesOf(['FROM node:20', 'ARG NPM_TOKEN API_KEY=k'], { NPM_TOKEN: 't', API_KEY: 'a' });
    expect(stages.stages.map((s) => s.argNames)).toEqual([['NPM_TOKEN', 'API_KEY']]);
    expect(argsInFinalImage(stages.stages, ['NPM_TOKEN', 'API_KEY', 'OTHER'])).toEqual(['NPM_TOKEN', 'API_KEY']);
    expect(images(['ARG REGISTRY TAG=1', 'FROM aether/${REGISTRY}:${TAG}'], { REGISTRY: 'app' })).toEqual(['aether/app:1']);
  });
});

describe('image words BuildKit would unquote', () => {
  it('refuses quotes and escapes in an image, written or substituted, rather than check a name BuildKit would not use', () => {
    expect(() => images(['FROM "aether/victim:1"'])).toThrow(/line 1: FROM names an image through a substitution or quoting/);
    expect(() => images(['FROM aether\\/victim:1'])).toThrow(/line 1: FROM names an image/);
    expect(() => images(['ARG IMG=aether/"victim":1', 'FROM $IMG'])).toThrow(/line 2: FROM names an image/);
    expect(() => images(['ARG IMG=aether/victim:"1"', 'FROM $IMG'])).toThrow(/line 2: FROM names an image/);
    expect(() => images(['ARG IMG="aether/victim":1', 'FROM $IMG'])).toThrow(/line 2: FROM names an image/);
    expect(() => images(['FROM alpine', "COPY --from='\"aether/victim:1\"' / /"])).toThrow(/line 2: COPY names an image/);
    expect(() => images(['FROM alpine', "RUN --mount='type=bind,from=\"aether/victim:1\"' ls"])).toThrow(/line 2: RUN names an image/);
    expect(images(['ARG IMG="aether/mine:1"', "ARG TAG='2'", 'FROM $IMG', 'FROM aether/other:$TAG'])).toEqual(['aether/mine:1', 'aether/other:2']);
  });
});

describe('stages and the images they come from', () => {
  it('names a stage with AS only, whatever the spacing, and takes any other name as an image', () => {
    expect(images(['FROM alpine   AS   Build', 'FROM scratch', 'COPY --from=build / /'])).toEqual(['alpine']);
    expect(images(['FROM alpine XX build', 'FROM scratch', 'COPY --from=build / /'])).toEqual(['alpine', 'build']);
  });

  it('takes a --from by stage index only for a stage written before it, and anything else as an image', () => {
    const twoStages = ['FROM alpine', 'FROM busybox'];
    const copied = (from: string) => images([...twoStages, `COPY --from=${from} / /`]);
    expect(copied('01')).toEqual(['alpine', 'busybox']);
    expect(copied('2')).toEqual(['alpine', 'busybox', '2']);
    expect(copied('5')).toEqual(['alpine', 'busybox', '5']);
    expect(copied('1e0')).toEqual(['alpine', 'busybox', '1e0']);
    expect(copied('0x1')).toEqual(['alpine', 'busybox', '0x1']);
  });

  it('reads from= in a mount in any case, and no image from the other flags', () => {
    expect(images(['FROM alpine', 'RUN --mount=type=bind,FROM=aether/m:1,target=/m ls'])).toEqual(['alpine', 'aether/m:1']);
    expect(images(['FROM alpine', 'COPY --exclude=from=x --chown=from=y . /app'])).toEqual(['alpine']);
    // A quoted mount may space its fields: the image is checked all the same.
    expect(images(['FROM alpine', 'RUN --mount="type=bind, from=aether/victim:1,target=/m" ls'])).toEqual(['alpine', 'aether/victim:1']);
  });

  it('names the image of an ADD --from as it does a COPY --from', () => {
    expect(images(['FROM alpine', 'ADD --from=aether/added:1 /a /a'])).toEqual(['alpine', 'aether/added:1']);
  });
});

describe('variables in image words', () => {
  it("gives a stage's ARG without a value the global ARG's, else BuildKit's automatic one", () => {
    const text = ['ARG BASE=aether/base:1', 'FROM alpine', 'ARG BASE', 'ARG TARGETARCH', 'COPY --from=$BASE / /', 'COPY --from=aether/tool:$TARGETARCH / /'];
    expect(images(text)).toEqual(['alpine', 'aether/base:1', 'aether/tool:amd64']);
  });

  it("refuses a --from through an ARG that an ENV of the stage sets again, in either ENV form", () => {
    const stage = ['FROM alpine', 'ARG IMG=aether/mine:1'];
    expect(() => images([...stage, 'ENV IMG=aether/victim:1', 'COPY --from=$IMG / /'])).toThrow(/line 4: COPY takes an image from \$IMG/);
    expect(() => images([...stage, 'ENV OTHER=1 IMG=aether/victim:1', 'COPY --from=$IMG / /'])).toThrow(/\$IMG/);
    expect(() => images([...stage, 'ENV IMG aether/victim:1', 'COPY --from=$IMG / /'])).toThrow(/\$IMG/);
    expect(images([...stage, 'ENV NOTE IMG', 'COPY --from=$IMG / /'])).toEqual(['alpine', 'aether/mine:1']);
    // A bare ENV, which BuildKit refuses with its own words, sets nothing here.
    expect(images([...stage, 'ENV', 'COPY --from=$IMG / /'])).toEqual(['alpine', 'aether/mine:1']);
  });

  it('expands the platform ARGs BuildKit sets, for the target and the build', () => {
    const text = ['FROM aether/t:$TARGETPLATFORM', 'FROM aether/t:${TARGETOS}-${TARGETARCH}-${TARGETVARIANT}', 'FROM aether/b:$BUILDPLATFORM', 'FROM aether/b:${BUILDOS}-${BUILDARCH}-${BUILDVARIANT}'];
    expect(images(text)).toEqual(['aether/t:linux/amd64', 'aether/t:linux-amd64-', 'aether/b:linux/amd64', 'aether/b:linux-amd64-']);
    expect(images(text, {}, { os: 'linux', architecture: 'arm64', variant: 'v8' })).toEqual([
      'aether/t:linux/arm64/v8',
      'aether/t:linux-arm64-v8',
      'aether/b:linux/arm64/v8',
      'aether/b:linux-arm64-v8',
    ]);
  });

  it('substitutes the default and alternative forms as a shell does, telling unset from empty', () => {
    const text = [
      'ARG EMPTY=',
      'ARG UNSET',
      'ARG SET=v',
      'FROM aether/a:${EMPTY:-d}',
      'FROM aether/b:${EMPTY-d}x',
      'FROM aether/c:${UNSET-d}',
      'FROM aether/d:${SET:+p}-${EMPTY:+p}x',
      'FROM aether/e:${EMPTY+p}-${UNSET+p}x',
      'FROM aether/f:${SET:-d}${SET-d}',
      'FROM aether/g:${UNSET:-d}-${UNSET:+p}x',
    ];
    expect(images(text)).toEqual(['aether/a:d', 'aether/b:x', 'aether/c:d', 'aether/d:p-x', 'aether/e:p-x', 'aether/f:vv', 'aether/g:d-x']);
  });
});

describe('argsInFinalImage', () => {
  it('finds a build argument declared in a Dockerfile of one stage, and none in a Dockerfile of none', () => {
    const single = stagesOf(['FROM node:20', 'ARG NPM_TOKEN']).stages;
    expect(argsInFinalImage(single, ['NPM_TOKEN'])).toEqual(['NPM_TOKEN']);
    expect(argsInFinalImage([], ['NPM_TOKEN'])).toEqual([]);
  });
});
