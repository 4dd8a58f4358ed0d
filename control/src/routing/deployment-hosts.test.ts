import { describe, expect, it } from 'vitest';
import { dashboardSlug, deploymentHost, deploymentName, hostUrl, isSlug, productionHost, productionUrl, SLUG_MAX_LENGTH, shortId } from './deployment-hosts.js';
import { parseHostname } from './hostname.js';

const deployment = '3f2a9c1e-77aa-4b4e-9d7c-0123456789ab';

/** A small seeded generator, so a failing case names itself and reruns the same. */
function random(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const pick = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
  return { next, pick };
}

describe('deployment hosts', () => {
  it('gives the project its host and each deployment one of its own, two hyphens after its 8 hex digits', () => {
    expect(productionHost('blog', 'apps.example.com')).toBe('blog.apps.example.com');
    expect(deploymentHost(deployment, 'blog', 'apps.example.com')).toBe('3f2a9c1e--blog.apps.example.com');
    // The container's, router's and service's name keeps its shape across the change of hosts.
    expect(deploymentName(deployment, 'blog')).toBe('3f2a9c1e-blog');
  });

  it('opens the project with the scheme and port the dashboard is reached on', () => {
    expect(productionUrl('blog', 'apps.example.com', 'https://aether.example.com')).toBe('https://blog.apps.example.com');
    expect(productionUrl('blog', 'localhost', 'http://localhost:8080')).toBe('http://blog.localhost:8080');
    // A deployment's own host is reached on the same entry point as the project's.
    expect(hostUrl(deploymentHost(deployment, 'blog', 'localhost'), 'http://localhost:8080')).toBe('http://3f2a9c1e--blog.localhost:8080');
  });

  it('fits the longest slug’s deployment host in one DNS label', () => {
    const longest = 'a'.repeat(SLUG_MAX_LENGTH);
    expect(isSlug(longest)).toBe(true);
    expect(isSlug(`${longest}a`)).toBe(false);
    expect(deploymentHost(deployment, longest, 'example.com').split('.')[0]).toHaveLength(63);
  });

  it.each(['3f2a9c1e--blog', 'xn--80ak6aa92e', 'a--b', '-blog', 'blog-', 'Blog', 'a.b', ''])('refuses the slug %j', (slug) => {
    expect(isSlug(slug)).toBe(false);
  });

  it('refuses a domain that is not a host name', () => {
    expect(() => productionHost('blog', 'apps example.com')).toThrow(/invalid host name/);
  });

  it('never gives two projects the same host, whatever slugs they pick (attacker shapes included)', () => {
    const { next, pick } = random(11);
    const victims = Array.from({ length: 20 }, () => ({ id: crypto.randomUUID(), slug: pick('abc', 1 + Math.floor(next() * 6)) }));
    const candidates = [
      ...victims.flatMap((v) => [`${shortId(v.id)}--${v.slug}`, `${shortId(v.id)}-${v.slug}`, `${shortId(v.id)}---${v.slug}`]),
      ...Array.from({ length: 2000 }, () => pick('abc0123456789-', 1 + Math.floor(next() * 14))),
    ];
    const slugs = [...new Set([...victims.map((v) => v.slug), ...candidates])].filter(isSlug);
    const owner = new Map<string, string>();
    const collisions: string[] = [];
    for (const slug of slugs) {
      const deployments = [...victims.map((v) => v.id), crypto.randomUUID()];
      for (const host of [productionHost(slug, 'apps.test'), ...deployments.map((id) => deploymentHost(id, slug, 'apps.test'))]) {
        if ((owner.get(host) ?? slug) !== slug) collisions.push(`${host} is both ${owner.get(host)}'s and ${slug}'s`);
        owner.set(host, slug);
      }
    }
    expect(collisions).toEqual([]);
    expect(slugs.length).toBeGreaterThan(500);
  });
});

describe('dashboardSlug', () => {
  it('names the slug whose host would be the dashboard’s, when the dashboard sits right under the apps domain', () => {
    expect(dashboardSlug(parseHostname('aether.example.com'), 'example.com')).toBe('aether');
    expect(dashboardSlug(parseHostname('example.com'), 'example.com')).toBeNull();
    expect(dashboardSlug(parseHostname('a.b.example.com'), 'example.com')).toBeNull();
    expect(dashboardSlug(parseHostname('aether.example.net'), 'example.com')).toBeNull();
  });
});
