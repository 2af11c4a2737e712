/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWebApp } from './support/buildWebApp';
import {
  cleanup,
  conversations,
  createGroup,
  launchBrowser,
  messageLog,
  openApp,
  openConversation,
  send,
  signUp,
  startDevice,
  startDirectChat,
  startRelay,
  type AppPage,
  type Relay,
} from './support/harness';
import type { WebShell } from '../../main/web/webShell';

// The shell serves whatever is in out/: build it from the current source first.
beforeAll(() => buildWebApp());

/**
 * The app as people use it: real relay server, one web shell per user (each its own engine and profile), real
 * Chromium, driven through labels and roles only.
 */
describe('Parley in a browser', () => {
  let browser: Browser;
  let relay: Relay;
  const shells: { shell: WebShell; profileDir: string }[] = [];
  let alice: AppPage;
  let bob: AppPage;

  const texts = (page: Page) => messageLog(page).locator('.message .text').allTextContents();
  const bubble = (page: Page, text: string) => messageLog(page).locator('.message', { hasText: text });

  beforeAll(async () => {
    browser = await launchBrowser();
    relay = await startRelay();
    shells.push(await startDevice(relay.url), await startDevice(relay.url));
    alice = await openApp(browser, shells[0]!.shell.url);
    bob = await openApp(browser, shells[1]!.shell.url);
  });

  afterAll(async () => {
    await browser?.close();
    for (const { shell } of shells) await shell.close().catch(() => undefined);
    await relay?.server.close().catch(() => undefined);
    cleanup(relay.dataDir, ...shells.map((s) => s.profileDir));
  });

  it('signs two people up; each gets the support welcome', async () => {
    await signUp(alice.page, relay.url, 'alice');
    await signUp(bob.page, relay.url, 'bob');
    for (const { page } of [alice, bob]) {
      await conversations(page).getByRole('button', { name: 'support', exact: true }).waitFor();
      await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/Online/);
    }
  });

  it('exchanges messages both ways in real time in a direct chat', async () => {
    await startDirectChat(alice.page, 'bob');
    await send(alice.page, 'Hi Bob, lunch today?');
    await bubble(alice.page, 'Hi Bob, lunch today?').waitFor();

    await openConversation(bob.page, 'alice');
    await bubble(bob.page, 'Hi Bob, lunch today?').waitFor();
    await send(bob.page, 'Sure, at noon!');

    await bubble(alice.page, 'Sure, at noon!').waitFor();
    expect(await texts(alice.page)).toEqual(['Hi Bob, lunch today?', 'Sure, at noon!']);
    expect(await texts(bob.page)).toEqual(['Hi Bob, lunch today?', 'Sure, at noon!']);
    // Alice's message was read by Bob, who has it open.
    await bubble(alice.page, 'Hi Bob, lunch today?').getByRole('img', { name: 'Read' }).waitFor();
  });

  it('shows markup in a message as text and never runs it', async () => {
    const hostile = '<img src=x onerror="window.__owned=1"><script>window.__owned=2</script> <b>bold</b>';
    await send(alice.page, hostile);
    await bubble(bob.page, '<b>bold</b>').waitFor();
    for (const { page } of [alice, bob]) {
      expect(await texts(page)).toContain(hostile);
      expect(await messageLog(page).locator('img, script, b').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __owned?: number }).__owned)).toBeUndefined();
    }
  });

  it('makes only http(s) and mailto links clickable, opening outside the app', async () => {
    await send(alice.page, 'docs at https://example.org/guide and javascript:alert(1)');
    const link = bubble(bob.page, 'docs at').getByRole('link');
    await link.waitFor();
    expect(await link.count()).toBe(1);
    expect(await link.getAttribute('href')).toBe('https://example.org/guide');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('never sends while an input method is composing', async () => {
    const box = alice.page.getByLabel('Message', { exact: true });
    await box.click();
    const before = (await texts(alice.page)).length;
    const cdp = await alice.context.newCDPSession(alice.page);
    await cdp.send('Input.imeSetComposition', { text: 'ni', selectionStart: 2, selectionEnd: 2 });
    await alice.page.keyboard.press('Enter');
    await alice.page.waitForTimeout(300);
    expect((await texts(alice.page)).length).toBe(before);
    // Committing the composition ends it; the next Enter sends what was composed.
    await cdp.send('Input.insertText', { text: '你好' });
    expect(await box.inputValue()).toContain('你好');
    await alice.page.keyboard.press('Enter');
    await bubble(bob.page, '你好').waitFor();
    expect((await texts(alice.page)).at(-1)).toBe('你好');
    await cdp.detach();
  });

  it('Shift+Enter makes a new line instead of sending', async () => {
    const box = alice.page.getByLabel('Message', { exact: true });
    await box.fill('first line');
    await box.press('Shift+Enter');
    await box.pressSequentially('second line');
    expect(await box.inputValue()).toBe('first line\nsecond line');
    await alice.page.getByRole('button', { name: 'Send' }).click();
    await bubble(bob.page, 'second line').waitFor();
    expect(await box.inputValue()).toBe('');
  });

  it('queues messages while the server is down and delivers them once, in order, when it returns', async () => {
    await relay.server.close();
    await expect.poll(() => alice.page.getByRole('status').first().textContent(), { timeout: 15_000 }).not.toMatch(/Online/);

    for (const text of ['queued one', 'queued two', 'queued three']) await send(alice.page, text);
    const pending = messageLog(alice.page).getByRole('img', { name: 'Sending' });
    await expect.poll(() => pending.count(), { timeout: 10_000 }).toBe(3);

    relay = await startRelay(relay.dataDir, relay.port);
    await bubble(bob.page, 'queued three').waitFor({ timeout: 30_000 });
    await expect.poll(() => pending.count(), { timeout: 15_000 }).toBe(0);

    const received = (await texts(bob.page)).filter((text) => text.startsWith('queued'));
    expect(received).toEqual(['queued one', 'queued two', 'queued three']);
  });

  it('keeps the history of a web shell restarted while the server is down', async () => {
    await relay.server.close();
    const old = shells[1]!;
    await bob.context.close();
    await old.shell.close();

    const restarted = await startDevice(relay.url, old.profileDir);
    shells[1] = restarted;
    bob = await openApp(browser, restarted.shell.url);
    await conversations(bob.page).waitFor();
    await openConversation(bob.page, 'alice');
    await bubble(bob.page, 'queued three').waitFor();
    expect(await texts(bob.page)).toContain('Hi Bob, lunch today?');
    expect(await bob.page.getByRole('status').first().textContent()).not.toMatch(/Online/);

    relay = await startRelay(relay.dataDir, relay.port);
    await expect.poll(() => bob.page.getByRole('status').first().textContent(), { timeout: 30_000 }).toMatch(/Online/);
  });

  it('finds a message by search and jumps to it in its conversation, even when it is far back', async () => {
    await send(alice.page, 'the secret word is pineapple');
    for (let i = 1; i <= 70; i += 1) await send(alice.page, `filler ${i}`);
    await bubble(alice.page, 'filler 70').waitFor();
    await openConversation(alice.page, 'support');

    await alice.page.getByLabel('Search messages').fill('pineapple');
    const results = alice.page.getByRole('region', { name: 'Search results' });
    const hit = results.getByRole('button', { name: /pineapple/ });
    await hit.waitFor();
    expect(await results.locator('mark').first().textContent()).toMatch(/pineapple/i);
    await hit.click();

    const target = bubble(alice.page, 'the secret word is pineapple');
    await target.waitFor();
    await expect.poll(() => target.evaluate((el) => el.classList.contains('highlighted'))).toBe(true);
    await expect.poll(() => target.isVisible()).toBe(true);
    expect(await alice.page.getByRole('heading', { level: 2 }).first().textContent()).toBe('bob');
    await alice.page.getByLabel('Search messages').fill('');
  });
});

describe('a group of three', () => {
  let browser: Browser;
  let relay: Relay;
  const shells: { shell: WebShell; profileDir: string }[] = [];
  const apps: AppPage[] = [];

  beforeAll(async () => {
    browser = await launchBrowser();
    relay = await startRelay();
    for (const name of ['dana', 'erin', 'frank']) {
      const device = await startDevice(relay.url);
      shells.push(device);
      const app = await openApp(browser, device.shell.url);
      apps.push(app);
      await signUp(app.page, relay.url, name);
    }
  });

  afterAll(async () => {
    await browser?.close();
    for (const { shell } of shells) await shell.close().catch(() => undefined);
    await relay?.server.close().catch(() => undefined);
    cleanup(relay.dataDir, ...shells.map((s) => s.profileDir));
  });

  it('creates a group, everyone talks, names show, members are managed', async () => {
    const [dana, erin, frank] = apps.map((app) => app.page) as [Page, Page, Page];
    await createGroup(dana, 'Weekend trip', ['erin', 'frank']);
    await send(dana, 'Who brings the tent?');
    for (const [page, text] of [[erin, 'I can bring it'], [frank, 'I bring snacks']] as const) {
      await openConversation(page, 'Weekend trip');
      await messageLog(page).locator('.message', { hasText: 'Who brings the tent?' }).waitFor();
      await send(page, text);
      // The relay orders messages as they reach it: the next member answers once this one got there.
      await messageLog(dana).locator('.message', { hasText: text }).waitFor();
    }
    for (const page of [dana, erin, frank]) {
      await messageLog(page).locator('.message', { hasText: 'I bring snacks' }).waitFor();
      const texts = await messageLog(page).locator('.message .text').allTextContents();
      expect(texts).toEqual(['Who brings the tent?', 'I can bring it', 'I bring snacks']);
    }
    // Sender names are shown on others' messages in a group.
    expect(await messageLog(dana).locator('.message', { hasText: 'I can bring it' }).locator('.sender').textContent()).toBe('erin');
    expect(await messageLog(dana).locator('.message', { hasText: 'Who brings the tent?' }).locator('.sender').count()).toBe(0);

    // Rename and remove a member from the info panel; everyone sees the system lines.
    await dana.getByRole('button', { name: 'Conversation info' }).click();
    const panel = dana.getByRole('complementary', { name: 'Group info' });
    await panel.getByLabel('Group name').fill('Mountain trip');
    await panel.getByRole('button', { name: 'Save' }).click();
    await conversations(erin).getByRole('button', { name: 'Mountain trip', exact: true }).waitFor();
    await messageLog(erin).getByText('dana renamed the group to “Mountain trip”').waitFor();

    await panel.getByRole('button', { name: 'Remove frank' }).click();
    await messageLog(erin).getByText('dana removed frank').waitFor();
    await frank.getByText('You are no longer a member of this conversation.').waitFor();
    expect(await frank.getByLabel('Message', { exact: true }).count()).toBe(0);
  });
});
