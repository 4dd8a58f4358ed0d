import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshots, useBrowser } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

// The project page's charts in real Chromium against a whole Aether: a project that went live
// shows its container's CPU and memory, named by their captions, with the newest figure in words;
// the screenshots show the marks where each deployment went live, in light and dark.

let stack: Stack;
const browser = useBrowser(() => console.error(stack?.logs()));
const admin = { email: 'admin@example.com', password: 'correct horse battery' };

beforeAll(async () => {
  stack = await startStack('charts');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

/** Calls the API from the page as the dashboard would; the reply's JSON. */
function callApi<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ([method, path, body]) => {
      const reply = await fetch(`/api${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
      return reply.json();
    },
    [method, path, body] as const,
  ) as Promise<T>;
}

async function waitUntilLive(page: Page, projectId: string, count: number): Promise<void> {
  for (let tries = 0; tries < 120; tries++) {
    const deployments = await callApi<Array<{ status: string }>>(page, 'GET', `/projects/${projectId}/deployments`);
    if (deployments.filter((d) => d.status === 'ready').length >= count) return;
    await page.waitForTimeout(1_000);
  }
  throw new Error('no deployment went live');
}

describe('the live deployment', () => {
  it("charts its CPU and memory, with the newest figures in the captions", async () => {
    const page = await browser.newPage();
    await page.goto(stack.url);
    await page.getByRole('heading', { name: 'Create the admin account' }).waitFor();
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();

    const project = await callApi<{ id: string }>(page, 'POST', '/projects', { slug: 'charted', repository: stack.addRepository('charted', 'hello') });
    await callApi(page, 'POST', `/projects/${project.id}/deployments`);
    await waitUntilLive(page, project.id, 1);
    await callApi(page, 'POST', `/projects/${project.id}/deployments`);
    await waitUntilLive(page, project.id, 2);

    await page.goto(`${stack.url}/projects/${project.id}`);
    await page.getByRole('heading', { name: 'Live deployment' }).waitFor();
    const cpu = page.getByRole('figure', { name: /^CPU of the live deployment, last 10 minutes/ });
    const memory = page.getByRole('figure', { name: /^Memory of the live deployment, last 10 minutes/ });
    // Two readings one interval apart make the first sample; the page asks again each interval.
    await cpu.getByText(/now \d+(\.\d)? %/).waitFor({ timeout: 45_000 });
    await memory.getByText(/now \d+ MiB of \d/).waitFor();
    expect(await cpu.locator('canvas').count()).toBe(1);
    await screenshots(page, 'project-charts');
    await page.emulateMedia({ colorScheme: 'dark' });
    await screenshots(page, 'project-charts-dark');
  }, 240_000);
});
