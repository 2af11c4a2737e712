import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Connection } from '../connection/connection';
import { RawRelay, USER, VALID_TOKEN, defaultReply, type RawCall } from '../connection/raw-relay.testkit';
import { resolveTimings } from '../connection/timings';
import { sleep, waitFor } from '../connection/wait.testkit';
import { silentLogger } from '../logger';
import { openStore } from '../store';
import type { Store } from '../store/types';
import { ReceiptSender } from './receipts';

const conv = { id: 'c1', kind: 'direct' as const, title: '', members: [USER, { id: 'u2', username: 'bob' }], createdBy: USER.id, createdAt: 1 };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function storeWithIncoming(): Store {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-receipts-'));
  const store = openStore(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  store.setAccount({ server: 'ws://test', userId: USER.id, username: USER.username });
  store.upsertConversations([conv]);
  const events = [1, 2, 3].map((seq) => ({ seq, id: `e${seq}`, convId: conv.id, senderId: 'u2', ts: seq, body: { kind: 'message' as const, text: `m${seq}` } }));
  store.applyEvents(events, 3);
  return store;
}

async function online(handle: (call: RawCall) => ReturnType<typeof defaultReply>) {
  const relay = await RawRelay.start(handle);
  cleanups.push(() => relay.close());
  const connection = new Connection({
    url: relay.url,
    credentials: { kind: 'resume', token: VALID_TOKEN },
    timings: resolveTimings({ pingIntervalMs: 60_000 }),
    logger: silentLogger,
    hooks: {},
  });
  cleanups.push(() => connection.dispose());
  connection.start();
  await waitFor(() => connection.isOnline, 'online');
  return { relay, connection };
}

describe('ReceiptSender', () => {
  it('sends one delivered receipt per burst and retries after a rate limit', async () => {
    const store = storeWithIncoming();
    const receipts: { params: Record<string, unknown>; at: number }[] = [];
    const { connection } = await online((call) => {
      if (call.method !== 'receipt') return defaultReply(call);
      receipts.push({ params: call.params, at: Date.now() });
      return receipts.length === 1 ? { error: 'rate_limited', retryAfterMs: 150 } : { result: { upTo: call.params.upTo } };
    });
    const sender = new ReceiptSender({ rpc: connection, store, isOnline: () => connection.isOnline, logger: silentLogger, debounceMs: 10 });
    cleanups.push(() => sender.dispose());
    sender.deliveredLater();
    sender.deliveredLater();
    await waitFor(() => receipts.length === 2, 'a retried receipt');
    expect(receipts.map((r) => r.params)).toEqual([
      { convId: 'c1', receipt: 'delivered', upTo: 3 },
      { convId: 'c1', receipt: 'delivered', upTo: 3 },
    ]);
    expect(receipts[1]!.at - receipts[0]!.at).toBeGreaterThanOrEqual(140);
    sender.deliveredLater();
    await sleep(60);
    expect(receipts).toHaveLength(2);
  });

  it('keeps read receipts made offline across restarts and sends them once online', async () => {
    const store = storeWithIncoming();
    const offline = new ReceiptSender({ rpc: { call: () => Promise.reject(new Error('offline')) }, store, isOnline: () => false, logger: silentLogger });
    offline.read('c1', 2);
    offline.read('c1', 3);
    offline.dispose();

    const reads: unknown[] = [];
    const { connection } = await online((call) => {
      if (call.method === 'receipt' && call.params.receipt === 'read') reads.push(call.params);
      return call.method === 'receipt' ? { result: { upTo: call.params.upTo } } : defaultReply(call);
    });
    const sender = new ReceiptSender({ rpc: connection, store, isOnline: () => connection.isOnline, logger: silentLogger });
    cleanups.push(() => sender.dispose());
    sender.online();
    await waitFor(() => reads.length === 1, 'the read receipt');
    expect(reads).toEqual([{ convId: 'c1', receipt: 'read', upTo: 3 }]);
    expect(store.getMeta('pendingReadReceipts')).toBeNull();
  });
});
