import { describe, expect, it } from 'vitest';
import { checkedProject, type ProjectRules } from './check-project.js';

const rules: ProjectRules = { allowLocalSources: false, appLimits: { memoryMb: 512, maxMemoryMb: 2048, cpus: 1, maxCpus: 2 }, dashboardSlug: null };
const refusalOf = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return { status: (error as { status: number }).status, field: (error as { field: string }).field };
  }
};

describe('a project’s fields before they are written', () => {
  it('keeps exactly the fields given, each as the builder will read it', () => {
    const input = { slug: 'blog', repository: 'https://github.com/acme/blog.git', branch: 'main', rootDirectory: ' apps/web ', settings: { memoryMb: 1024 }, autoDeploy: false };
    expect(checkedProject(input, rules)).toEqual({ ...input, rootDirectory: 'apps/web' });
    expect(checkedProject({ branch: 'release/1.0' }, rules)).toEqual({ branch: 'release/1.0' });
    expect(checkedProject({}, rules)).toEqual({});
  });

  it('refuses what could not build, naming the field', () => {
    expect(refusalOf(() => checkedProject({ repository: 'ftp://example.com/x.git' }, rules))).toMatchObject({ field: 'repository' });
    expect(refusalOf(() => checkedProject({ branch: 'a..b' }, rules))).toMatchObject({ field: 'branch' });
    expect(refusalOf(() => checkedProject({ rootDirectory: '/etc' }, rules))).toMatchObject({ field: 'rootDirectory' });
  });

  it('takes a local path as the repository only where the install allows it, for tests', () => {
    expect(refusalOf(() => checkedProject({ repository: '/srv/app' }, rules))).toMatchObject({ field: 'repository' });
    expect(checkedProject({ repository: '/srv/app' }, { ...rules, allowLocalSources: true })).toEqual({ repository: '/srv/app' });
  });

  it('refuses memory or CPU above what the admin allows, and takes the maximum itself', () => {
    expect(refusalOf(() => checkedProject({ settings: { memoryMb: 4096 } }, rules))).toEqual({ status: 400, field: 'settings.memoryMb' });
    expect(refusalOf(() => checkedProject({ settings: { cpus: 3 } }, rules))).toEqual({ status: 400, field: 'settings.cpus' });
    expect(checkedProject({ settings: { memoryMb: 2048, cpus: 2 } }, rules)).toEqual({ settings: { memoryMb: 2048, cpus: 2 } });
  });
});
