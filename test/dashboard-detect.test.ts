import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screenshots, useBrowser } from './support/browser.js';
import { type Stack, startStack } from './support/stack.js';

// The new-project page previews what Aether will build, through control and the builder started
// as processes: the detection fills each setting's placeholder, what the user types still wins.

let stack: Stack;
const browser = useBrowser(() => console.error(stack?.logs()));

beforeAll(async () => {
  stack = await startStack('dashboard-detect');
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const detection = (page: Page) => page.getByRole('status', { name: 'Detection' });

describe('new project', () => {
  it('shows what Aether detected in a Git URL before the first deploy, and a missing branch beside Branch', async () => {
    const page = await browser.newPage();
    await page.goto(stack.url);
    await page.getByLabel('Email').fill('admin@example.com');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { name: 'Projects', exact: true }).waitFor();
    await page.goto(`${stack.url}/new`);
    await page.getByRole('tab', { name: 'Git URL' }).click();

    await page.getByLabel('Repository URL').fill(stack.addRepository('detect-me', 'hello'));
    await page.getByRole('button', { name: 'Detect', exact: true }).click();
    await expect.poll(() => detection(page).textContent(), { timeout: 60_000 }).toBe('Detected Node.js');
    expect(await page.getByLabel('Start command').getAttribute('placeholder')).toBe('npm run start');
    expect(await page.getByLabel('Install command').getAttribute('placeholder')).toBe('npm install');
    expect(await page.getByLabel('Port').getAttribute('placeholder')).toBe('3000');
    expect(await page.getByLabel('Start command').inputValue()).toBe('');
    await screenshots(page, 'new-project-detected');

    await page.getByLabel('Branch').fill('no-such-branch');
    await page.getByLabel('Root directory').focus();
    await expect.poll(() => detection(page).textContent(), { timeout: 60_000 }).toContain('does not exist');
    await page.getByText('branch: "no-such-branch" does not exist in the repository').first().waitFor();
    expect(await page.getByLabel('Branch').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Branch').inputValue()).toBe('no-such-branch');
    await page.getByRole('button', { name: 'Deploy', exact: true }).waitFor();
  }, 120_000);
});
