import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../../server/index';
import { runWebShell } from '../../../main/web/run';
import type { WebShell } from '../../../main/web/webShell';
import { silentLogger } from '../../../main/core/index';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const PASSWORD = 'correct horse battery';

/** Reconnect quickly after the relay comes back, so tests do not wait for a 30 s backoff. */
const fastReconnect = { backoffBaseMs: 100, backoffCapMs: 500, pingIntervalMs: 1_000, watchdogMs: 5_000, connectTimeoutMs: 3_000 };

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `parley-e2e-${prefix}-`));
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface Relay {
  server: RunningServer;
  dataDir: string;
  port: number;
  url: string;
}

/** A real relay server on a free port (or the given one, to bring it back where clients expect it). */
export async function startRelay(dataDir = tempDir('server'), port = 0): Promise<Relay> {
  const server = await startServer({ port, dataDir, insecureFastPasswordHashingForTestsOnly: true, logger: silentLogger });
  return { server, dataDir, port: server.port, url: server.url };
}

/** One client device: a web shell with its own profile (kept across restarts when the same dir is given). */
export async function startDevice(serverUrl: string, profileDir = tempDir('profile')): Promise<{ shell: WebShell; profileDir: string }> {
  const shell = await runWebShell({ profileDir, server: serverUrl, port: 0, root: repoRoot, logger: silentLogger, connection: fastReconnect });
  return { shell, profileDir };
}

export interface AppPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and CSP violations seen by the page. */
  problems: string[];
}

export async function openApp(browser: Browser, url: string, options: { colorScheme?: 'light' | 'dark' } = {}): Promise<AppPage> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 760 }, colorScheme: options.colorScheme ?? 'light', locale: 'en-US' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  return { context, page, problems };
}

export async function signUp(page: Page, serverUrl: string, username: string): Promise<void> {
  await page.getByLabel('Server').fill(serverUrl);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('navigation', { name: 'Conversations' }).waitFor();
}

export const conversations = (page: Page) => page.getByRole('navigation', { name: 'Conversations' });
export const messageLog = (page: Page) => page.getByRole('log', { name: 'Messages' });

export async function openConversation(page: Page, title: string): Promise<void> {
  await conversations(page).getByRole('button', { name: title, exact: true }).click();
  await messageLog(page).waitFor();
}

export async function startDirectChat(page: Page, username: string): Promise<void> {
  await page.getByRole('button', { name: 'New conversation' }).click();
  await page.getByRole('dialog').getByLabel('Find people by username').fill(username);
  await page.getByRole('dialog').getByRole('button', { name: username, exact: true }).click();
  await messageLog(page).waitFor();
}

export async function send(page: Page, text: string): Promise<void> {
  const box = page.getByLabel('Message', { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

export function cleanup(...dirs: string[]): void {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

/** Opens a message's action menu from the keyboard and picks an item (Reply, Edit, Delete, "React with 👍"). */
export async function messageAction(page: Page, text: string, action: string): Promise<void> {
  const message = messageLog(page).locator('.message', { hasText: text }).last();
  await message.getByRole('button', { name: 'Message actions' }).focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu', { name: 'Message actions' });
  await menu.waitFor();
  const item = menu.getByRole('menuitem', { name: action, exact: true });
  await item.focus();
  await page.keyboard.press('Enter');
  await menu.waitFor({ state: 'detached' });
}

export async function createGroup(page: Page, title: string, members: string[]): Promise<void> {
  await page.getByRole('button', { name: 'New conversation' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('tab', { name: 'New group' }).click();
  await dialog.getByLabel('Group name').fill(title);
  for (const member of members) {
    await dialog.getByLabel('Find people by username').fill(member);
    await dialog.getByRole('button', { name: `Add ${member}` }).click();
    await dialog.getByRole('button', { name: `Remove ${member}` }).waitFor();
  }
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await dialog.waitFor({ state: 'detached' });
  await messageLog(page).waitFor();
}
