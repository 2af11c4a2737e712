import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandInput } from '../../../shared/contract/api';
import { commandChannel, commandNames, EVENT_CHANNEL, type CommandName } from '../../../shared/contract/names';
import { MemorySessionVault, Messenger, silentLogger } from '../../core/index';
import { APP_ENTRY_URL } from '../security/app-protocol';
import { FakeBrowserWindow, FakeFrame, FakeIpcMain } from '../testing/fake-electron';
import { bindWindowEvents, isTrustedSender, registerCommandHandlers } from './ipc-bridge';

/** A valid input for every call: a call added to the contract without one here fails the typecheck. */
const validInputs: { [K in CommandName]: CommandInput<K> } = {
  getSession: {},
  signIn: { server: 'ws://127.0.0.1:9', username: 'alice', password: 'correct horse', staySignedIn: false },
  register: { server: 'ws://127.0.0.1:9', username: 'alice', password: 'correct horse', staySignedIn: false },
  signOut: {},
  getConnection: {},
  getCapabilities: {},
  listConversations: {},
  pageMessages: { convId: 'c1', anchor: { kind: 'latest' }, limit: 50 },
  sendMessage: { convId: 'c1', text: 'hi' },
  editMessage: { messageId: 'm1', text: 'edited' },
  deleteMessage: { messageId: 'm1' },
  react: { messageId: 'm1', emoji: '👍', on: true },
  retryMessage: { messageId: 'm1' },
  markRead: { convId: 'c1' },
  setTyping: { convId: 'c1', typing: true },
  setActiveConversation: { convId: 'c1' },
  searchMessages: { query: 'hi', limit: 20 },
  findUsers: { prefix: 'al' },
  getPresence: { userIds: ['u1'] },
  createDirect: { userId: 'u2' },
  createGroup: { title: 'Team', memberIds: ['u2'] },
  addMembers: { convId: 'c1', userIds: ['u3'] },
  removeMember: { convId: 'c1', userId: 'u3' },
  leaveConversation: { convId: 'c1' },
  renameGroup: { convId: 'c1', title: 'New' },
  setMuted: { convId: 'c1', muted: true },
  getDraft: { convId: 'c1' },
  setDraft: { convId: 'c1', text: 'draft' },
  getSettings: {},
  updateSettings: { doNotDisturb: true },
};

type AnyOutcome = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

let dir: string;
let messenger: Messenger;
const capabilities = { shell: 'electron' as const, platform: 'linux', closeToTray: true, startAtLogin: false, notifications: true };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parley-ipc-'));
  messenger = await Messenger.open({ profileDir: dir, vault: new MemorySessionVault(), capabilities, logger: silentLogger });
});
afterEach(async () => {
  await messenger.dispose();
  await rm(dir, { recursive: true, force: true });
});

function setup() {
  const ipcMain = new FakeIpcMain();
  const window = new FakeBrowserWindow();
  void window.loadURL(APP_ENTRY_URL);
  const dispose = registerCommandHandlers(ipcMain, messenger, () => (window.isDestroyed() ? null : window.webContents.id));
  const fromApp = { sender: window.webContents, senderFrame: window.webContents.mainFrame };
  const call = async (name: string, input: unknown, from: { sender: { id: number }; senderFrame: FakeFrame | null } = fromApp) =>
    (await ipcMain.invoke(commandChannel(name as CommandName), from, input)) as AnyOutcome;
  return { ipcMain, window, dispose, call, fromApp };
}

describe('registerCommandHandlers (with the real Messenger)', () => {
  it('registers exactly one handler per contract call and removes them all', () => {
    const { ipcMain, dispose } = setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(commandNames.map(commandChannel).sort());
    dispose();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('reaches the engine for every call with valid input', async () => {
    const { call } = setup();
    const refusedByTheBridge: string[] = [];
    for (const name of commandNames) {
      const outcome = await call(name, validInputs[name]);
      // Signed out, many calls fail in the engine (not_signed_in, server_unreachable...), but none at the bridge.
      if (!outcome.ok && ['invalid_input', 'forbidden'].includes(outcome.error.code)) refusedByTheBridge.push(`${name}: ${outcome.error.message}`);
    }
    expect(refusedByTheBridge).toEqual([]);
    expect(await call('getCapabilities', {})).toEqual({ ok: true, value: capabilities });
    expect(await call('getSession', {})).toMatchObject({ ok: true, value: { signedIn: false } });
    expect(await call('updateSettings', { doNotDisturb: true })).toMatchObject({ ok: true, value: { doNotDisturb: true } });
  });

  it('rejects bad arguments with invalid_input before the engine sees them', async () => {
    const { call } = setup();
    for (const [name, input] of [
      ['sendMessage', { convId: 'c1' }],
      ['sendMessage', { convId: 'c 1', text: 'x' }],
      ['pageMessages', { convId: 'c1', anchor: { kind: 'latest' }, limit: 10_000 }],
      ['getSession', { extra: true }],
      ['updateSettings', { theme: 'neon' }],
      ['markRead', 'c1'],
    ] as const) {
      expect(await call(name, input)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect((await call('getSettings', {})) as { value: { doNotDisturb: boolean } }).toMatchObject({ value: { doNotDisturb: false } });
  });

  it('refuses calls from other webContents, iframes, foreign pages and a closed window', async () => {
    const { call, window, fromApp } = setup();
    const other = new FakeBrowserWindow();
    void other.loadURL(APP_ENTRY_URL);
    const forbidden = { ok: false, error: { code: 'forbidden' } };
    expect(await call('getSession', {}, { sender: other.webContents, senderFrame: other.webContents.mainFrame })).toMatchObject(forbidden);
    expect(await call('getSession', {}, { sender: window.webContents, senderFrame: new FakeFrame(APP_ENTRY_URL, fromApp.senderFrame) })).toMatchObject(forbidden);
    expect(await call('getSession', {}, { sender: window.webContents, senderFrame: new FakeFrame('https://evil.example/') })).toMatchObject(forbidden);
    expect(await call('getSession', {}, { sender: window.webContents, senderFrame: new FakeFrame('file:///index.html') })).toMatchObject(forbidden);
    expect(await call('getSession', {}, { sender: window.webContents, senderFrame: null })).toMatchObject(forbidden);
    expect(await call('updateSettings', { doNotDisturb: true }, { sender: other.webContents, senderFrame: other.webContents.mainFrame })).toMatchObject(forbidden);
    expect(await call('getSettings', {})).toMatchObject({ ok: true, value: { doNotDisturb: false } });
    window.destroy();
    expect(await call('getSession', {}, fromApp)).toMatchObject(forbidden);
  });
});

describe('isTrustedSender', () => {
  it('accepts only the top frame of the app window on the app origin', () => {
    const top = new FakeFrame('app://parley/index.html#/chat/c1');
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: top }, 3)).toBe(true);
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: top }, null)).toBe(false);
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: new FakeFrame('app://other/index.html') }, 3)).toBe(false);
    expect(isTrustedSender({ sender: { id: 3 }, senderFrame: new FakeFrame('app://parley.evil/index.html') }, 3)).toBe(false);
  });
});

describe('bindWindowEvents', () => {
  it('pushes engine events to the window and stops when the window closes', async () => {
    const window = new FakeBrowserWindow();
    bindWindowEvents(messenger, window);
    messenger.requestOpenConversation('c9');
    await messenger.updateSettings({ doNotDisturb: true });
    const sent = window.webContents.sent.filter((entry) => entry.channel === EVENT_CHANNEL).map((entry) => entry.args[0]);
    expect(sent).toContainEqual({ name: 'openConversation', payload: { convId: 'c9' } });
    expect(sent).toContainEqual({ name: 'settingsChanged', payload: expect.objectContaining({ doNotDisturb: true }) });

    const before = window.webContents.sent.length;
    // Only 'closed' is emitted (the webContents itself still accepts messages), so nothing but the
    // subscription's removal can keep further events away.
    window.emit('closed');
    messenger.requestOpenConversation('c10');
    await messenger.updateSettings({ doNotDisturb: false });
    expect(window.webContents.sent.length).toBe(before);
  });
});
