/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp } from './support/buildWebApp';
import {
  cleanup,
  createGroup,
  launchBrowser,
  messageAction,
  messageLog,
  openApp,
  openConversation,
  repoRoot,
  send,
  signUp,
  startDevice,
  startDirectChat,
  startRelay,
  type AppPage,
  type Relay,
} from './support/harness';
import type { WebShell } from '../../main/web/webShell';

// Every run takes the screenshots; only a deliberate update writes the committed ones the README shows.
const shotsDir = path.join(repoRoot, process.env.PARLEY_UPDATE_SCREENSHOTS === '1' ? 'docs/screenshots' : 'test-results/screenshots');

/**
 * Walks through the main screens with real data (replies, reactions, an edit, a deletion, a group) and saves them
 * in light and dark theme. Update the committed ones in docs/screenshots/ with
 * `PARLEY_UPDATE_SCREENSHOTS=1 npx vitest run --project e2e test/e2e/screenshots.test.ts`.
 */
describe('screens in light and dark theme', () => {
  let browser: Browser;
  let relay: Relay;
  const shells: { shell: WebShell; profileDir: string }[] = [];
  const apps: AppPage[] = [];

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(shotsDir, `${name}.png`) });
  const bubble = (page: Page, text: string) => messageLog(page).locator('.message', { hasText: text }).last();

  beforeAll(async () => {
    await buildWebApp();
    mkdirSync(shotsDir, { recursive: true });
    browser = await launchBrowser();
    relay = await startRelay();
    for (let i = 0; i < 3; i += 1) shells.push(await startDevice(relay.url));
  });

  afterAll(async () => {
    await browser?.close();
    for (const { shell } of shells) await shell.close().catch(() => undefined);
    await relay?.server.close().catch(() => undefined);
    cleanup(relay.dataDir, ...shells.map((s) => s.profileDir));
  });

  it('sign-in follows the system colour scheme', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const app = await openApp(browser, shells[0]!.shell.url, { colorScheme: scheme });
      await app.page.getByRole('button', { name: 'Sign in' }).waitFor();
      expect(await app.page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      await shot(app.page, `${scheme}-sign-in`);
      await app.context.close();
    }
  });

  it('uses replies, reactions, edits and deletions from the keyboard, and saves every main screen', async () => {
    for (const [index, name] of ['alice', 'bob', 'carol'].entries()) {
      const app = await openApp(browser, shells[index]!.shell.url);
      apps.push(app);
      await signUp(app.page, relay.url, name);
    }
    const [alice, bob, carol] = apps.map((app) => app.page) as [Page, Page, Page];

    await startDirectChat(alice, 'bob');
    await send(alice, 'Hey Bob! Did you see the new release notes? https://example.org/releases');
    await openConversation(bob, 'alice');
    await bubble(bob, 'release notes').waitFor();
    await send(bob, 'Not yet, reading them now.');
    await send(alice, 'The offline mode is great: messages wait in the outbox and go out when you reconnect.');
    await bubble(bob, 'offline mode').waitFor();

    await messageAction(bob, 'offline mode', 'Reply');
    await bob.getByText('Replying to alice').waitFor();
    await send(bob, 'Tried it on the train, worked perfectly 🚆');
    // The reply quotes "offline mode" too: name the message to react to by its own text, once it is on screen.
    await bubble(bob, 'Tried it on the train').waitFor();
    await messageAction(bob, 'Tried it on the train', 'React with 👍');
    await bubble(alice, 'Tried it on the train').getByRole('button', { name: '👍 1' }).waitFor();

    await send(alice, 'Lunch at 12:30?');
    const box = alice.getByLabel('Message', { exact: true });
    await box.press('ArrowUp');
    await alice.getByText('Editing message').waitFor();
    await box.fill('Lunch at 13:00?');
    await box.press('Enter');
    await bubble(bob, 'Lunch at 13:00?').getByText('edited').waitFor();

    await send(alice, 'oops, wrong chat');
    await messageAction(alice, 'oops, wrong chat', 'Delete');
    await bubble(bob, 'This message was deleted.').waitFor();
    await send(bob, 'Sounds good, see you there!');
    await bubble(alice, 'see you there').waitFor();

    // The quote of a reply jumps to the original.
    await bubble(alice, 'train').getByRole('button', { name: /alice/ }).click();
    const original = messageLog(alice).locator('.message', { hasText: 'outbox' }).first();
    await expect.poll(() => original.evaluate((el) => el.classList.contains('highlighted'))).toBe(true);

    await createGroup(alice, 'Weekend trip', ['bob', 'carol']);
    await send(alice, 'Trip planning! Saturday 9:00 at the station?');
    await openConversation(carol, 'Weekend trip');
    await send(carol, 'Works for me. I will bring the map.');
    await openConversation(bob, 'Weekend trip');
    await send(bob, 'I am in! Snacks are on me.');
    await bubble(alice, 'Snacks').waitFor();
    await messageAction(carol, 'Snacks', 'React with 🎉');
    await bubble(alice, 'Snacks').getByRole('button', { name: '🎉 1' }).waitFor();

    for (const theme of ['light', 'dark'] as const) {
      await alice.getByRole('button', { name: 'Settings' }).click();
      const settings = alice.getByRole('dialog', { name: 'Settings' });
      await settings.getByRole('radio', { name: theme === 'light' ? 'Light' : 'Dark' }).check();
      await expect.poll(() => alice.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
      await shot(alice, `${theme}-settings`);
      await settings.getByRole('button', { name: 'Close' }).click();

      await openConversation(alice, 'bob');
      await bubble(alice, 'see you there').waitFor();
      await alice.waitForTimeout(300);
      await shot(alice, `${theme}-conversation`);

      await openConversation(alice, 'Weekend trip');
      await alice.getByRole('button', { name: 'Conversation info' }).click();
      await alice.getByRole('complementary', { name: 'Group info' }).waitFor();
      await alice.waitForTimeout(300);
      await shot(alice, `${theme}-group`);
      await alice.getByRole('button', { name: 'Conversation info' }).click();

      await alice.getByLabel('Search messages').fill('offline');
      await alice.getByRole('region', { name: 'Search results' }).locator('mark').first().waitFor();
      await alice.getByRole('region', { name: 'Search results' }).getByRole('button').first().click();
      await alice.waitForTimeout(400);
      await shot(alice, `${theme}-search`);
      await alice.getByLabel('Search messages').fill('');
    }
    for (const app of apps) expect(app.problems).toEqual([]);
  });
});
