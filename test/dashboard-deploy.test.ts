import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshots, useBrowser } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

// A repository's life in the dashboard, in real Chromium against a whole Aether: signed in with
// GitHub, imported from the user's list, built with its log in view, served through Traefik,
// redeployed and rolled back, given a variable, given a domain. Each test goes on from where the
// last one left the project, as a user would.

let stack: Stack;
const browser = useBrowser(() => console.error(stack?.logs()));

const admin = { email: 'admin@example.com', password: 'correct horse battery' };
const login = 'octo';
const repository = 'hello-site';
const FIRST_GREETING = 'Hello from the first version';
const SECOND_GREETING = 'Hello from the second version';
const SET_GREETING = 'Hello from a variable';
/** A build clones, installs and starts a container: seconds here, but within a test's two minutes whatever the machine's load. */
const BUILD_MS = 90_000;

/** What the tests learn along the way. */
const seen = { projectPath: '', firstDeployment: '', secondDeployment: '', projectUrl: '' };

beforeAll(async () => {
  stack = await startStack('dashboard-deploy');
  console.info(`stack started in ${stack.timings.total} ms`, stack.timings);
  stack.github.addUser({ login });
  stack.github.addRepository({ owner: login, name: 'other-project' });
  // The builder clones what GitHub's API names as the clone URL: the stack's git server here.
  stack.github.addRepository({ owner: login, name: repository, cloneUrl: stack.addRepository(repository, FIRST_GREETING) });
  stack.github.approveAs(login);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { name, exact: true });
const status = (page: Page) => page.getByRole('status', { name: 'Status', exact: true });

async function signInWithGitHub(page: Page): Promise<void> {
  await page.goto(stack.url);
  await heading(page, 'Sign in').waitFor();
  await page.getByRole('link', { name: 'Continue with GitHub' }).click();
  await heading(page, 'Projects').waitFor();
}

/** Waits for the deployment page to say the deployment serves. */
async function untilReady(page: Page): Promise<void> {
  await status(page).filter({ hasText: /^ready$/ }).waitFor({ timeout: BUILD_MS });
}

/** Expects the app at `url` to show `text`, opening it again as a user would while Traefik takes a new route up. */
async function appShows(page: Page, url: string, text: string): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.goto(url);
        return page.locator('body').innerText();
      },
      { timeout: 30_000, interval: 500 },
    )
    .toBe(text);
}

/** Follows the deployment page's Visit link into the tab it opens, and expects the app there to show `text`. */
async function visit(page: Page, text: string): Promise<void> {
  const link = page.getByRole('link', { name: 'Visit', exact: true });
  const url = (await link.getAttribute('href'))!;
  const [app] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  await appShows(app, url, text);
  await app.close();
}

describe('a repository from GitHub to a live URL', () => {
  it('connects GitHub to the admin account, then signs in with it', async () => {
    const page = await browser.newPage();
    await page.goto(stack.url);
    await heading(page, 'Create the admin account').waitFor();
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await heading(page, 'Projects').waitFor();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: admin.email }).click();
    await heading(page, 'Account').waitFor();
    await page.getByRole('link', { name: 'Connect GitHub' }).click();
    await heading(page, 'Projects').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: admin.email }).click();
    await page.getByText(`Connected as ${login}`).waitFor();
    await screenshots(page, 'account');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await heading(page, 'Sign in').waitFor();
    await page.getByRole('link', { name: 'Continue with GitHub' }).click();
    await heading(page, 'Projects').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByText(admin.email).waitFor();
  });

  it("imports a repository from the user's GitHub list, watches its build log, and opens the app", async () => {
    const page = await browser.newPage();
    await signInWithGitHub(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New project' }).click();
    await heading(page, 'New project').waitFor();
    await page.getByRole('tab', { name: 'Import from GitHub' }).waitFor();
    await page.getByRole('button', { name: `Import ${login}/other-project` }).waitFor();
    await screenshots(page, 'new-project');

    await page.getByLabel('Search repositories').fill('hello');
    await page.getByRole('button', { name: `Import ${login}/other-project` }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: `Import ${login}/${repository}` }).click();
    expect(await page.getByLabel('Project name').inputValue()).toBe(repository);
    await page.getByRole('button', { name: 'Deploy', exact: true }).click();

    await heading(page, /^Deployment [0-9a-f]{8}$/).waitFor();
    const [, projectPath, deploymentId] = /^(\/projects\/[^/]+)\/deployments\/([^/]+)$/.exec(new URL(page.url()).pathname)!;
    Object.assign(seen, { projectPath: projectPath!, firstDeployment: deploymentId! });
    const log = page.getByRole('region', { name: 'Build log' }).getByRole('log', { name: 'Build log' });
    // The builder's first line, streamed while the build goes on.
    await log.getByText(/^Checked out [0-9a-f]{7}: First version$/).waitFor({ timeout: BUILD_MS });
    await untilReady(page);
    await screenshots(page, 'deployment');
    await visit(page, FIRST_GREETING);
  });

  it('redeploys a new commit from the project page, rolls back to the first deployment, and the project serves it again', async () => {
    const page = await browser.newPage();
    await signInWithGitHub(page);
    await page.getByRole('link', { name: repository, exact: true }).waitFor();
    await screenshots(page, 'projects-live');
    await page.getByRole('link', { name: repository, exact: true }).click();
    await heading(page, repository).waitFor();
    seen.projectUrl = (await page.getByRole('link', { name: /^http:\/\/hello-site\.localhost:\d+$/ }).getAttribute('href'))!;
    const reader = await browser.newPage();
    await appShows(reader, seen.projectUrl, FIRST_GREETING);

    stack.pushGreeting(repository, SECOND_GREETING, 'Second version');
    await page.getByRole('button', { name: 'Redeploy', exact: true }).click();
    const deployments = page.getByRole('region', { name: 'Deployments' });
    // Named by its ID until the build checks the commit out.
    await deployments.getByRole('link', { name: /^(Deployment [0-9a-f]{8}|Second version)$/ }).click();
    await untilReady(page);
    seen.secondDeployment = page.url().split('/deployments/')[1]!;
    await visit(page, SECOND_GREETING);
    await appShows(reader, seen.projectUrl, SECOND_GREETING);
    await page.getByRole('link', { name: `← ${repository}` }).click();
    await heading(page, repository).waitFor();
    await deployments.getByRole('row').filter({ hasText: 'Second version' }).filter({ hasText: 'Live' }).waitFor();

    await page.getByRole('button', { name: `Roll back to ${seen.firstDeployment.replaceAll('-', '').slice(0, 8)}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back?' });
    await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 60_000 });
    await deployments.getByRole('row').filter({ hasText: 'rollback' }).filter({ hasText: 'Live' }).waitFor();
    await appShows(reader, seen.projectUrl, FIRST_GREETING);
    await screenshots(page, 'project');
  });

  it('sets a variable in the settings, redeploys, and the app shows it', async () => {
    const page = await browser.newPage();
    await signInWithGitHub(page);
    await page.goto(`${stack.url}${seen.projectPath}/settings`);
    await heading(page, 'Settings').waitFor();
    await page.getByLabel('Key').fill('GREETING');
    await page.getByLabel('Value', { exact: true }).fill(SET_GREETING);
    await page.getByRole('button', { name: 'Add variable' }).click();
    await page.getByRole('status').filter({ hasText: 'GREETING is set for production.' }).waitFor();
    await page.getByRole('table').getByRole('cell', { name: 'GREETING', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Redeploy now' }).click();
    await heading(page, /^Deployment [0-9a-f]{8}$/).waitFor();
    expect(page.url()).not.toContain(seen.firstDeployment);
    await untilReady(page);
    await visit(page, SET_GREETING);
  });

  it('rolls back to a deployment made before the variable, and the app runs with the variables it had', async () => {
    const page = await browser.newPage();
    await signInWithGitHub(page);
    await page.goto(`${stack.url}${seen.projectPath}`);
    await heading(page, repository).waitFor();
    await page.getByRole('button', { name: `Roll back to ${seen.secondDeployment.replaceAll('-', '').slice(0, 8)}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back?' });
    await dialog.getByText('variables it ran with').waitFor();
    await dialog.getByRole('button', { name: 'Roll back', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 60_000 });
    // The second version ran before GREETING was set: it greets with its own words, not the variable's.
    await appShows(await browser.newPage(), seen.projectUrl, SECOND_GREETING);
  });

  it('adds a domain and shows the DNS records to create for it', async () => {
    const page = await browser.newPage();
    await signInWithGitHub(page);
    await page.goto(`${stack.url}${seen.projectPath}/settings`);
    await heading(page, 'Settings').waitFor();
    await page.getByLabel('Domain', { exact: true }).fill('shop.example.com');
    await page.getByRole('button', { name: 'Add domain' }).click();

    const domain = page.getByRole('article', { name: 'shop.example.com' });
    const txt = domain.getByRole('row').filter({ has: page.getByRole('cell', { name: 'TXT', exact: true }) });
    await txt.getByRole('cell', { name: '_aether-challenge.shop.example.com', exact: true }).waitFor();
    expect(await txt.getByRole('cell').nth(2).innerText()).toMatch(/\S{16,}/);
    const cname = domain.getByRole('row').filter({ has: page.getByRole('cell', { name: 'CNAME', exact: true }) });
    await cname.getByRole('cell', { name: new URL(seen.projectUrl).hostname, exact: true }).waitFor();
    await page.getByRole('region', { name: 'Domains' }).evaluate((section) => section.scrollIntoView());
    await screenshots(page, 'settings');
  });
});
