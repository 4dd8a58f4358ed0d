import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { dashboardSite } from '../../control/src/api/dashboard-site.js';
import { controlApp } from '../../control/src/control-app.js';
import { deployments, projects } from '../../control/src/db/schema.js';
import { challengeName, DOMAIN_LOCKS } from '../../control/src/projects/domains.js';
import { routesFileName } from '../../control/src/routing/production-routes.js';
import { type Caller, expectRefusal, type StoreApp, useStoreApp } from '../support/store-app.js';

// Which project a custom domain routes to when two projects claim it, which slugs are refused and
// why, and where the projects list's pages end: each test makes the users and projects it needs.

let store: StoreApp;
const call = (method: string, path: string, who: Caller = {}, body?: unknown) => store.call(method, path, who, body);

useStoreApp(async (app) => {
  store = app;
  await app.newUser('admin');
});

/** A project of `owner`'s with a live production deployment, so that it has a route. */
async function liveProject(owner: Caller, name: string) {
  const project = await store.newProject(owner, name);
  const [live] = await store.test.db.insert(deployments).values({ projectId: project.id, trigger: 'manual', imageTag: 'aether/test:1', status: 'ready', readyAt: new Date() }).returning();
  await store.test.db.update(projects).set({ productionDeploymentId: live!.id }).where(eq(projects.id, project.id));
  return project;
}

async function routedHosts(slug: string): Promise<string> {
  const file = JSON.parse(await readFile(join(store.platform.routesDir, routesFileName(slug)), 'utf8'));
  return file.http.routers[`${slug}-production`].rule as string;
}

describe('a custom domain two projects claim', () => {
  it('leaves the route of the project that proved it first once another proves it, and routes it to that one alone', async () => {
    const [before, after] = [await store.newUser('seller'), await store.newUser('buyer')];
    const [sold, bought] = [await liveProject(before, 'sold'), await liveProject(after, 'bought')];
    const hostname = `shop-${sold.slug}.test`;
    const prove = async (who: Caller, projectId: string) => {
      const added = await call('POST', `/projects/${projectId}/domains`, who, { hostname });
      expect(added.status).toBe(201);
      store.dns.txt.set(challengeName(hostname), added.json!.challenge.value);
      expect((await call('POST', `/projects/${projectId}/domains/${added.json!.id}/verify`, who)).json).toEqual({ verified: true });
    };

    await prove(before, sold.id);
    expect(await routedHosts(sold.slug)).toBe(`Host(\`${sold.slug}.localhost\`) || Host(\`${hostname}\`)`);
    await prove(after, bought.id);
    expect(await routedHosts(bought.slug)).toBe(`Host(\`${bought.slug}.localhost\`) || Host(\`${hostname}\`)`);
    expect(await routedHosts(sold.slug)).toBe(`Host(\`${sold.slug}.localhost\`)`);
  });

  it('takes one proof of a name at a time: a second waits for the first to commit', async () => {
    const owner = await store.newUser('turns');
    const project = await liveProject(owner, 'turns');
    const hostname = `turns-${project.slug}.test`;
    const added = await call('POST', `/projects/${project.id}/domains`, owner, { hostname });
    store.dns.txt.set(challengeName(hostname), added.json!.challenge.value);
    let settled = false;
    let verifying: Promise<unknown> | undefined;
    // Another proof of the name, still in its transaction, holds the name's turn.
    await store.test.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${DOMAIN_LOCKS}, hashtext(${hostname}))`);
      verifying = call('POST', `/projects/${project.id}/domains/${added.json!.id}/verify`, owner).finally(() => (settled = true));
      await vi.waitFor(async () => {
        const { rows } = await store.test.db.execute(sql`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory'`);
        expect(settled || rows.length > 0).toBe(true);
      }, { timeout: 10_000, interval: 20 });
      expect(settled).toBe(false);
    });
    expect(((await verifying) as { json: unknown }).json).toEqual({ verified: true });
  });

  it('tells the owner a name is already added to the project, naming the field', async () => {
    const owner = await store.newUser('twice');
    const project = await store.newProject(owner, 'twice');
    expect((await call('POST', `/projects/${project.id}/domains`, owner, { hostname: `twice-${project.slug}.test` })).status).toBe(201);
    const again = await call('POST', `/projects/${project.id}/domains`, owner, { hostname: `twice-${project.slug}.test` });
    expectRefusal(again, 400, 'hostname');
    expect(again.json!.error.message).toMatch(/already added/);
  });
});

describe('a slug', () => {
  it('that another project’s deployment host holds is refused, saying so and naming the field', async () => {
    const owner = await store.newUser('host');
    const project = await liveProject(owner, 'host');
    const [live] = await store.test.db.select().from(deployments).where(eq(deployments.projectId, project.id));
    const reply = await call('POST', '/projects', owner, { slug: `${live!.id.replaceAll('-', '').slice(0, 8)}-${project.slug}`, repository: '/srv/x' });
    expectRefusal(reply, 400, 'slug');
    expect(reply.json!.error.message).toMatch(/deployment/);
  });
});

describe('a slug, once chosen or when it names the dashboard', () => {
  it('is kept for life, and the owner is told so naming the field', async () => {
    const owner = await store.newUser('keeper');
    const project = await store.newProject(owner, 'keeper');
    const renamed = await call('PATCH', `/projects/${project.id}`, owner, { slug: `${project.slug}-renamed` });
    expectRefusal(renamed, 400, 'slug');
    expect(renamed.json!.error.message).toMatch(/cannot be changed/);
  });

  it('is refused when its host would be the dashboard’s own, saying so', async () => {
    const owner = await store.newUser('dashboard');
    const { token } = (await call('POST', '/tokens', owner, { name: 'script' })).json as { token: string };
    const { app } = controlApp({ ...store.parts, dashboard: dashboardSite('http://dash.localhost') });
    const reply = await app.request('http://dash.localhost/api/projects', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ slug: 'dash', repository: '/srv/dash' }),
    });
    const refused = { status: reply.status, headers: reply.headers, json: (await reply.json()) as Record<string, any> };
    expectRefusal(refused, 400, 'slug');
    expect(refused.json.error.message).toMatch(/dashboard/);
  });
});

describe('the projects list', () => {
  it('links no next page after a page that holds the last project', async () => {
    const owner = await store.newUser('pages');
    for (const name of ['first', 'second']) await store.newProject(owner, name);
    const full = await call('GET', '/projects?perPage=2', owner);
    expect(full.json).toHaveLength(2);
    expect(full.headers.get('link')).toBeNull();
  });
});
