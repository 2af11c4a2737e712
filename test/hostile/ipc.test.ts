import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand, FileSessionVault, Messenger, silentLogger } from '../../main/core/index';
import { commandNames } from '../../shared/contract/names';
import type { ConversationSummary, Message, MessagePage, SessionState } from '../../shared/domain';
import { PASSWORD, startTestServer } from './server-fixture';
import { WireClient } from './wire-client';

/** Calls a compromised or buggy renderer could make: unknown names, names of object internals, any input. */
const hostileName = fc.oneof(
  fc.constantFrom(...commandNames.filter((name) => name !== 'signOut')),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'dispose', 'subscribe', 'onIncoming', 'requireSession', 'store', 'then'),
  fc.string({ maxLength: 40 }),
  fc.anything(),
);
const deep = fc.integer({ min: 10, max: 5_000 }).map((depth) => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { convId: value };
  return value;
});
const hostileInput = fc.oneof(
  fc.anything({ withNullPrototype: true, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  fc.record({ convId: fc.oneof(fc.string(), fc.anything()), text: fc.oneof(fc.string({ unit: 'binary' }), fc.anything()), extra: fc.anything() }, { requiredKeys: [] }),
  fc.record({ convId: fc.string(), text: fc.constant('x'.repeat(17 * 1024)) }),
  deep,
  fc.constantFrom(null, undefined, 0, '', [], Object.create(null) as object, { __proto__: { text: 'polluted' } }),
);

describe('IPC: dispatchCommand with a real Messenger rejects malformed calls and keeps working', () => {
  let fixture: Awaited<ReturnType<typeof startTestServer>>;
  let profileDir: string;
  let messenger: Messenger;
  let peer: WireClient;
  let convId: string;

  beforeAll(async () => {
    fixture = await startTestServer();
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-ipc-'));
    peer = await WireClient.open(fixture.server.url);
    const peerSession = await peer.register('ipcpeer', PASSWORD);
    await peer.call('sync', { after: 0 });
    messenger = await Messenger.open({
      profileDir,
      vault: new FileSessionVault(profileDir),
      capabilities: { shell: 'web', platform: process.platform, closeToTray: false, startAtLogin: false, notifications: false },
      logger: silentLogger,
    });
    const registered = await dispatchCommand(messenger, 'register', { server: fixture.server.url, username: 'ipcuser', password: PASSWORD, staySignedIn: true });
    expect(registered.ok).toBe(true);
    const direct = await dispatchCommand(messenger, 'createDirect', { userId: peerSession.user.id });
    if (!direct.ok) throw new Error(direct.error.message);
    convId = (direct.value as ConversationSummary).id;
  });
  afterAll(async () => {
    peer?.close();
    await messenger?.dispose();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
    await fixture?.dispose();
  });

  it('answers every malformed call with an error outcome, never a throw', async () => {
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(hostileName, hostileInput, async (name, input) => {
        const outcome = await dispatchCommand(messenger, name, input);
        expect(typeof outcome.ok).toBe('boolean');
        if (!outcome.ok) {
          rejected++;
          expect(typeof outcome.error.code).toBe('string');
          expect(typeof outcome.error.message).toBe('string');
        }
        if (typeof name !== 'string' || !(commandNames as readonly string[]).includes(name)) {
          expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        }
      }),
      { numRuns: Number(process.env.PARLEY_IPC_CASES ?? 1_500), seed: 11 },
    );
    expect(rejected).toBeGreaterThan(100);
  }, 120_000);

  it('is still signed in and still delivers a message with exact text afterwards', async () => {
    const session = await dispatchCommand(messenger, 'getSession', {});
    expect(session.ok && (session.value as SessionState).signedIn).toBe(true);
    const text = '<img src=x onerror=alert(1)> after the fuzzing';
    const sent = await dispatchCommand(messenger, 'sendMessage', { convId, text });
    if (!sent.ok) throw new Error(sent.error.message);
    const id = (sent.value as Message).id;
    await peer.waitForEvents((events) => events.some((event) => event.id === id), 15_000);
    expect(peer.events.find((event) => event.id === id)?.body).toEqual({ kind: 'message', text });
    const page = await dispatchCommand(messenger, 'pageMessages', { convId, anchor: { kind: 'latest' }, limit: 50 });
    if (!page.ok) throw new Error(page.error.message);
    expect((page.value as MessagePage).messages.find((message) => message.id === id)?.text).toBe(text);
  }, 30_000);
});
