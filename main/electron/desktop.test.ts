import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandHandlers } from '../../shared/contract/api';
import { commandChannel, EVENT_CHANNEL, type CommandName } from '../../shared/contract/names';
import { MemorySessionVault, Messenger, silentLogger } from '../core/index';
import { hardenWebContents, startDesktop } from './desktop';
import { shellPaths } from './paths';
import { APP_ENTRY_URL } from './security/app-protocol';
import { SAFE_SESSION_FILE } from './session/safe-storage-vault';
import { claimSingleInstance, PendingLinks } from './single-instance';
import { createFakeElectron, type FakeAppWindow } from './testing/fake-electron-module';
import { FakeNotification, FakeWebContents, PreventableEvent } from './testing/fake-electron';
import { startRelay } from './testing/relay-process';

const PASSWORD = 'correct horse battery';
let relay: Awaited<ReturnType<typeof startRelay>>;
beforeAll(async () => {
  relay = await startRelay();
}, 30_000);
afterAll(async () => {
  await relay.stop();
});

let dir: string;
let fake: ReturnType<typeof createFakeElectron>;
let links: PendingLinks;
const engines: Messenger[] = [];
let updateChecks = 0;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-desktop-'));
  fake = createFakeElectron();
  links = new PendingLinks();
  FakeNotification.created.length = 0;
  updateChecks = 0;
});
afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function start(platform: NodeJS.Platform = 'linux', argv: string[] = ['parley']) {
  await startDesktop({
    electron: fake.electron,
    platform,
    env: { PARLEY_SERVER: relay.url },
    argv,
    paths: shellPaths({ mainDir: join(dir, 'out', 'main'), appPath: dir, resourcesPath: join(dir, 'resources'), userData: join(dir, 'userData'), isPackaged: false }),
    logger: silentLogger,
    dev: false,
    links,
    notificationBurstMs: 2000,
    updater: { setFeedURL: () => undefined, checkForUpdatesAndNotify: async () => (updateChecks += 1), on: () => undefined },
    openMessenger: async (options) => {
      const messenger = await Messenger.open(options);
      engines.push(messenger);
      return messenger;
    },
  });
  const window = fake.windows[0]!;
  const call = async (name: CommandName, input: unknown = {}) =>
    (await fake.ipcMain.invoke(commandChannel(name), { sender: window.webContents, senderFrame: window.webContents.mainFrame }, input)) as {
      ok: boolean;
      value?: unknown;
      error?: { code: string };
    };
  return { window, call };
}

const events = (window: FakeAppWindow) =>
  window.webContents.sent.filter((entry) => entry.channel === EVENT_CHANNEL).map((entry) => entry.args[0] as { name: string; payload: unknown });

async function until<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function untilAsync(what: string, probe: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the desktop shell (fake Electron, real engine)', () => {
  it('opens one sandboxed window on app://parley, secures the session, and answers the page through IPC', async () => {
    const { window, call } = await start();
    expect(fake.windows).toHaveLength(1);
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, spellcheck: true });
    expect(window.options.webPreferences?.preload).toBe(join(dir, 'out', 'preload', 'index.cjs'));
    expect(window.loadedUrl).toBe(APP_ENTRY_URL);
    expect(window.isVisible()).toBe(true);
    expect(fake.protocols.has('app')).toBe(true);
    expect(fake.session.headerHooks).toBe(1);
    expect(fake.session.permissionRequestHandler).toBeTypeOf('function');
    expect(fake.menus.application?.template.length).toBeGreaterThan(2);
    expect(updateChecks).toBe(0);

    expect(await call('getCapabilities')).toEqual({
      ok: true,
      value: { shell: 'electron', platform: 'linux', closeToTray: true, startAtLogin: false, notifications: true },
    });
    expect(await call('getSession')).toMatchObject({ ok: true, value: { signedIn: false, secureStorage: 'encrypted', lastServer: relay.url } });
    expect(await call('sendMessage', { convId: 'bad id', text: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    window.webContents.emit('context-menu', new PreventableEvent(), { isEditable: true, misspelledWord: 'helo', dictionarySuggestions: ['hello'], selectionText: '' });
    const contextMenu = fake.menus.built.at(-1)! as { popups: number; click(label: string): void };
    expect(contextMenu.popups).toBe(1);
    contextMenu.click('hello');
    contextMenu.click('Add to dictionary');
    expect(window.misspellingsReplaced).toEqual(['hello']);
    expect(fake.session.dictionary).toEqual(['helo']);
  });

  it('guards navigation of every webContents the app creates', () => {
    hardenWebContents(fake.electron);
    const contents = new FakeWebContents();
    fake.app.emit('web-contents-created', new PreventableEvent(), contents);
    expect(contents.navigate('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/a' })).toEqual({ action: 'deny' });
    expect(fake.opened).toEqual(['https://example.com/', 'https://example.com/a']);
  });

  it('keeps the token encrypted in the main process when the user stays signed in', async () => {
    const { call } = await start();
    const username = `alice${Date.now() % 100000}`;
    const user = await call('register', { server: relay.url, username, password: PASSWORD, staySignedIn: true });
    expect(user).toMatchObject({ ok: true, value: { username } });
    const onDisk = JSON.parse(await readFile(join(dir, 'userData', SAFE_SESSION_FILE), 'utf8')) as { token: string };
    expect(Buffer.from(onDisk.token, 'base64').toString()).toMatch(/^enc:/);
    const everything = JSON.stringify(fake.windows[0]!.webContents.sent);
    expect(everything).not.toContain(onDisk.token);
  });

  it('drives do-not-disturb, open and quit from the tray menu, and toggles the window on click', async () => {
    const { window, call } = await start();
    const tray = fake.trays[0]!;
    expect(tray.image.path).toBe(join(dir, 'build', 'tray', 'tray-0.png'));
    expect(tray.tooltip).toBe('Parley');

    tray.menu!.click('Do not disturb');
    await until('do-not-disturb on', () => tray.menu!.item('Do not disturb').checked);
    expect(await call('getSettings')).toMatchObject({ value: { doNotDisturb: true } });

    tray.emit('click');
    expect(window.isVisible()).toBe(false);
    tray.emit('click');
    expect(window.isVisible()).toBe(true);
    window.hide();
    tray.menu!.click('Open Parley');
    expect(window.isVisible()).toBe(true);
    tray.menu!.click('Quit Parley');
    expect(fake.app.quitCalls).toBe(1);
  });

  it('hides to the tray on close with a one-time notice, and really closes when quitting', async () => {
    const { window } = await start('linux');
    window.close();
    expect(window.isDestroyed()).toBe(false);
    expect(window.isVisible()).toBe(false);
    window.show();
    window.close();
    expect(FakeNotification.created.map((n) => n.options.title)).toEqual(['Parley is still running']);

    const willQuit = fake.quit();
    expect(willQuit.defaultPrevented).toBe(true);
    await until('the engine to shut down and quit again', () => fake.app.quitCalls === 1);
    expect(fake.trays[0]!.destroyed).toBe(true);
    expect(fake.ipcMain.handlers.size).toBe(0);
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('stays in the tray when started at login', async () => {
    const { window } = await start('win32', ['parley.exe', '--start-hidden']);
    expect(window.loadedUrl).toBe(APP_ENTRY_URL);
    expect(window.isVisible()).toBe(false);
    fake.trays[0]!.menu!.click('Open Parley');
    expect(window.isVisible()).toBe(true);
  });

  it('keeps the macOS convention: close hides without a tray notice', async () => {
    const { window, call } = await start('darwin');
    window.close();
    expect(window.isVisible()).toBe(false);
    expect(FakeNotification.created).toHaveLength(0);
    fake.app.emit('activate');
    expect(window.isVisible()).toBe(true);
    expect(await call('getCapabilities')).toMatchObject({ value: { platform: 'darwin', closeToTray: false, startAtLogin: true } });
  });

  it('routes deep links from the first launch and from second launches to the conversation', async () => {
    expect(claimSingleInstance(fake.app, links)).toBe(true);
    links.open({ kind: 'openConversation', convId: 'early1' });
    const { window } = await start();
    expect(events(window)).toContainEqual({ name: 'openConversation', payload: { convId: 'early1' } });

    window.hide();
    fake.app.emit('second-instance', new PreventableEvent(), ['/opt/Parley/parley', 'parley://open/c2'], '/');
    expect(window.isVisible()).toBe(true);
    expect(events(window)).toContainEqual({ name: 'openConversation', payload: { convId: 'c2' } });
    fake.app.emit('second-instance', new PreventableEvent(), ['/opt/Parley/parley', 'parley://open/bad%20id'], '/');
    expect(events(window).filter((event) => event.name === 'openConversation')).toHaveLength(2);
  });

  it('notifies once per burst when the window is in the background, badges, flashes, and a click opens the chat', async () => {
    const { window, call } = await start('linux');
    const stamp = Date.now() % 100000;
    const alice = await call('register', { server: relay.url, username: `alice${stamp}`, password: PASSWORD, staySignedIn: false });
    expect(alice.ok).toBe(true);
    const aliceId = (alice.value as { id: string }).id;

    const bobDir = await mkdtemp(join(dir, 'bob-'));
    const bobEngine = await Messenger.open({
      profileDir: bobDir,
      vault: new MemorySessionVault(),
      capabilities: { shell: 'web', platform: 'test', closeToTray: false, startAtLogin: false, notifications: false },
      logger: silentLogger,
    });
    engines.push(bobEngine);
    const bob: CommandHandlers = bobEngine;
    await bob.register({ server: relay.url, username: `bob${stamp}`, password: PASSWORD, staySignedIn: false });
    await untilAsync('bob online', async () => (await bob.getConnection({})).state === 'online');
    await untilAsync('alice online', async () => ((await call('getConnection')).value as { state: string }).state === 'online');

    const chat = await bob.createDirect({ userId: aliceId });
    window.blur();
    await bob.sendMessage({ convId: chat.id, text: 'hello alice' });
    await bob.sendMessage({ convId: chat.id, text: 'are you there?' });

    const notification = await until('a notification', () => FakeNotification.created[0]);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(FakeNotification.created).toHaveLength(1);
    expect(notification.options).toMatchObject({ title: `bob${stamp}`, body: '2 new messages' });
    await until('the badge', () => fake.app.badgeCount === 2);
    expect(fake.trays[0]!.image.path).toContain('tray-2.png');
    expect(fake.trays[0]!.tooltip).toBe('Parley – 2 unread');
    expect(window.flashing).toBe(true);

    window.hide();
    notification.click();
    expect(window.isVisible() && window.isFocused()).toBe(true);
    expect(window.flashing).toBe(false);
    expect(events(window)).toContainEqual({ name: 'openConversation', payload: { convId: chat.id } });

    // Reading that conversation in the focused window: new messages there stay silent.
    expect(await call('setActiveConversation', { convId: chat.id })).toMatchObject({ ok: true });
    await bob.sendMessage({ convId: chat.id, text: 'seen live' });
    await until('the live message in the window', () => JSON.stringify(events(window)).includes('seen live'));
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(FakeNotification.created).toHaveLength(1);
  }, 60_000);
});
