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
    expect(() => images(['FROM alpine', "COPY --from='\"aether/victim:1\"' / /"])).toThrow(/line 2: COPY names an image/);
    expect(() => images(['FROM alpine', "RUN --mount='type=bind,from=\"aether/victim:1\"' ls"])).toThrow(/line 2: RUN names an image/);
    expect(images(['ARG IMG="aether/mine:1"', "ARG TAG='2'", 'FROM $IMG', 'FROM aether/other:$TAG'])).toEqual(['aether/mine:1', 'aether/other:2']);
  });
});
