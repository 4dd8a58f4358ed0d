import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildLogLine } from '../contract/build-streams.js';
import { buildLocal, commitAll } from './support/build.js';
import { docker } from './support/docker.js';

function nodeProject(buildScript: string): string {
  const repo = mkdtempSync(join(tmpdir(), 'aether-failing-'));
  writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', scripts: { build: buildScript, start: 'node server.js' } }));
  writeFileSync(join(repo, 'server.js'), "require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT)");
  commitAll(repo, 'app');
  return repo;
}

describe('a build that fails', () => {
  it("says which step failed with the project's own output, and leaves the last good image tagged", async () => {
    const tag = 'aether-test/failing:latest';
    const good = await buildLocal(nodeProject('node -e "console.log(1)"'), tag);

    const lines: BuildLogLine[] = [];
    const failure = await buildLocal(nodeProject('node -e "console.error(\'Type error in src/app.ts:3\'); process.exit(2)"'), tag, { lines }).catch((e: unknown) => e);

    expect(String(failure)).toMatch(/failed running \[npm run build\]: exit code: 2/);
    expect(lines.some((l) => l.stream === 'stderr' && l.text.includes('Type error in src/app.ts:3'))).toBe(true);
    expect((await docker.getImage(tag).inspect()).Id).toBe(good.imageId);
  });
});
