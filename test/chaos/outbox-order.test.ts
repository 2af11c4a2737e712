import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchCommand, FileSessionVault, Messenger, silentLogger } from '../../main/core/index';
import type { ConversationSummary, Message } from '../../shared/domain';
import { FaultProxy } from '../fault-proxy/proxy';
import { PASSWORD, startTestServer } from '../hostile/server-fixture';
import { WireClient } from '../hostile/wire-client';

/**
 * Regression guard for an ordering problem `npm run chaos` found (seed 1939640527): one sender's messages were
 * stored out of the order they were sent, in a pattern that matches a pipelined batch of posts meeting the
 * server's per-user token bucket (a refused post retried after a later one of the same batch was accepted).
 * This drives exactly that situation (small bucket, pipelined batches, byte-sliced link); it has not reproduced
 * the reorder so far, so it guards the behaviour rather than demonstrating the bug.
 */
describe('outbox order under rate limiting', () => {
  let fixture: Awaited<ReturnType<typeof startTestServer>>;
  let profileDir: string;
  let messenger: Messenger;
  let peer: WireClient;
  let convId: string;
  let proxy: FaultProxy;

  beforeAll(async () => {
    // 2 calls of burst, then one every 2 ms, while a byte-sliced post takes about 1 ms to arrive: a batch of 8
    // pipelined posts meets a refusal and then a refill within it.
    fixture = await startTestServer({ rateBurst: 2, ratePerSecond: 500, rateMaxRejected: 1_000 });
    profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-order-'));
    // Byte-sliced writes spread one batch of posts over milliseconds, as a slow or congested link does.
    proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: Number(new URL(fixture.server.url).port) } });
    peer = await WireClient.open(fixture.server.url);
    const peerSession = await peer.register('orderpeer', PASSWORD);
    await peer.call('sync', { after: 0 });
    messenger = await Messenger.open({
      profileDir,
      vault: new FileSessionVault(profileDir),
      capabilities: { shell: 'web', platform: process.platform, closeToTray: false, startAtLogin: false, notifications: false },
      logger: silentLogger,
      connection: { callTimeoutMs: 20_000 },
    });
    const registered = await dispatchCommand(messenger, 'register', { server: proxy.url, username: 'ordersender', password: PASSWORD, staySignedIn: true });
    expect(registered.ok).toBe(true);
    const direct = await dispatchCommand(messenger, 'createDirect', { userId: peerSession.user.id });
    if (!direct.ok) throw new Error(direct.error.message);
    convId = (direct.value as ConversationSummary).id;
  });
  afterAll(async () => {
    peer?.close();
    await messenger?.dispose();
    await proxy?.close();
    if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
    await fixture?.dispose();
  });

  it('stores a sender’s messages in the order they were sent when pipelined posts are rate limited', async () => {
    proxy.setFaults({ sliceBytes: 1 });
    // Sent one after another without waiting in between, as a user typing fast (or a backlog after a reconnect):
    // the outbox then has full batches to pipeline.
    const outcomes = await Promise.all(Array.from({ length: 60 }, (_, i) => dispatchCommand(messenger, 'sendMessage', { convId, text: `in order #${i}` })));
    const ids = outcomes.map((sent) => {
      if (!sent.ok) throw new Error(sent.error.message);
      return (sent.value as Message).id;
    });
    await peer.waitForEvents((events) => ids.every((id) => events.some((event) => event.id === id)), 30_000);
    const arrived = peer.events.filter((event) => ids.includes(event.id)).sort((a, b) => a.seq - b.seq).map((event) => event.id);
    expect(arrived).toEqual(ids);
  }, 40_000);
});
