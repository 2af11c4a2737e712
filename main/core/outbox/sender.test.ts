import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { Connection } from '../connection/connection';
import { RawRelay, USER, VALID_TOKEN, defaultReply, type RawCall } from '../connection/raw-relay.testkit';
import { resolveTimings, type ConnectionTimings } from '../connection/timings';
import { waitFor } from '../connection/wait.testkit';
import { silentLogger } from '../logger';
import { openStore } from '../store';
import type { Store } from '../store/types';
import { OutboxSender, type OutboxSenderOptions } from './sender';

const conv = { id: 'c1', kind: 'direct' as const, title: '', members: [USER, { id: 'u2', username: 'bob' }], createdBy: USER.id, createdAt: 1 };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function storeWithQueue(count: number): { store: Store; ids: string[] } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-outbox-'));
  const store = openStore(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  store.setAccount({ server: 'ws://test', userId: USER.id, username: USER.username });
  store.upsertConversations([conv]);
  const ids = Array.from({ length: count }, (_, i) => {
    const id = `m${String(i).padStart(3, '0')}`;
    store.queueMessage({ id, convId: conv.id, text: `text ${i}`, ts: 1_000 + i });
    return id;
  });
  return { store, ids };
}

/** The store, with every read of the outbox queue counted. */
function countingQueueReads(store: Store): { counted: Store; reads: { count: number } } {
  const reads = { count: 0 };
  const counted: Store = new Proxy(store, {
    get: (target, key, receiver) =>
      key === 'outboxPending'
        ? (...args: Parameters<Store['outboxPending']>) => {
            reads.count++;
            return target.outboxPending(...args);
          }
        : Reflect.get(target, key, receiver),
  });
  return { counted, reads };
}

/** An OutboxSender over a real Connection to `url` that kicks whenever the connection comes online; both disposed after the test. */
function connectedSender(
  url: string,
  options: Pick<OutboxSenderOptions, 'store' | 'window'> & Partial<Pick<OutboxSenderOptions, 'onChanges' | 'ackSaveDelayMs'>>,
  timings: Partial<ConnectionTimings> = {},
): { connection: Connection; sender: OutboxSender } {
  const link: { sender?: OutboxSender } = {};
  const connection = new Connection({
    url,
    credentials: { kind: 'resume', token: VALID_TOKEN },
    timings: resolveTimings({ pingIntervalMs: 60_000, ...timings }),
    logger: silentLogger,
    hooks: { stateChanged: (state) => state.state === 'online' && link.sender?.kick() },
  });
  const sender = new OutboxSender({ rpc: connection, isOnline: () => connection.isOnline, onChanges: () => undefined, logger: silentLogger, ...options });
  link.sender = sender;
  cleanups.push(() => connection.dispose());
  cleanups.push(() => sender.dispose());
  connection.start();
  return { connection, sender };
}

/**
 * A relay that answers posts after a short delay, idempotently by id, and rate-limits like a token bucket:
 * once it refused a call it refuses everything for the next `penaltyMs`.
 */
function scriptedRelay(options: { limitAtPost: number; penaltyMs: number }) {
  const accepted: string[] = [];
  const seqById = new Map<string, number>();
  const outstanding = new Set<string>();
  let overlaps = 0;
  let posts = 0;
  let limitedUntil = 0;
  const handle = (call: RawCall, socket: WebSocket) => {
    if (call.method !== 'post') return defaultReply(call);
    const id = call.params.id as string;
    if (outstanding.has(id)) overlaps++;
    outstanding.add(id);
    posts++;
    const now = Date.now();
    let reply: object;
    if (posts === options.limitAtPost || now < limitedUntil) {
      if (now >= limitedUntil) limitedUntil = now + options.penaltyMs;
      reply = { type: 'error', id: call.id, code: 'rate_limited', message: 'slow down', retryAfterMs: options.penaltyMs };
    } else {
      if (!seqById.has(id)) {
        accepted.push(id);
        seqById.set(id, accepted.length);
      }
      reply = { type: 'result', id: call.id, result: { id, seq: seqById.get(id), ts: now } };
    }
    setTimeout(() => {
      outstanding.delete(id);
      socket.send(JSON.stringify(reply));
    }, 2);
    return 'silence' as const;
  };
  return { handle, accepted, overlaps: () => overlaps, posts: () => posts };
}

describe('OutboxSender', () => {
  it('pipelines posts in queue order, never twice at once, and waits out a rate limit without reordering', async () => {
    const { store, ids } = storeWithQueue(30);
    const script = scriptedRelay({ limitAtPost: 5, penaltyMs: 60 });
    const relay = await RawRelay.start(script.handle);
    cleanups.push(() => relay.close());

    connectedSender(relay.url, { store, window: 8 });

    await waitFor(() => store.outboxSize() === 0, 'the outbox to drain');
    expect(script.accepted).toEqual(ids);
    expect(script.overlaps()).toBe(0);
    expect(script.posts()).toBeGreaterThan(ids.length);
    const sent = store.getMessages(ids);
    expect(sent.every((m) => m.status === 'sent' && m.seq !== null)).toBe(true);
  });

  it('leaves items queued when the connection drops and sends them on the next one, with the same ids', async () => {
    const { store, ids } = storeWithQueue(6);
    let dropAfter = 3;
    const accepted: string[] = [];
    const relay = await RawRelay.start((call, socket) => {
      if (call.method !== 'post') return defaultReply(call);
      if (dropAfter-- === 0) {
        socket.terminate();
        return 'silence';
      }
      const id = call.params.id as string;
      if (!accepted.includes(id)) accepted.push(id);
      return { result: { id, seq: accepted.indexOf(id) + 1, ts: Date.now() } };
    });
    cleanups.push(() => relay.close());
    connectedSender(relay.url, { store, window: 1 }, { backoffBaseMs: 10, backoffCapMs: 20 });

    await waitFor(() => store.outboxSize() === 0, 'the outbox to drain after the reconnect');
    expect(relay.connections).toBe(2);
    expect(accepted).toEqual(ids);
  });

  it('writes acknowledgements together a moment later and never posts an acknowledged item again meanwhile', async () => {
    const { store, ids } = storeWithQueue(5);
    const posted: string[] = [];
    const relay = await RawRelay.start((call) => {
      if (call.method !== 'post') return defaultReply(call);
      const id = call.params.id as string;
      posted.push(id);
      return { result: { id, seq: ids.indexOf(id) + 1, ts: Date.now() } };
    });
    cleanups.push(() => relay.close());
    const commits: number[] = [];
    const { sender } = connectedSender(relay.url, {
      store,
      window: 8,
      ackSaveDelayMs: 300,
      onChanges: (changes) => commits.push([...changes.messages.values()].reduce((n, set) => n + set.size, 0)),
    });

    await waitFor(() => posted.length === ids.length, 'every item posted');
    // Acknowledged but not written yet: still in the outbox, and a new kick does not post any of them again.
    expect(store.outboxSize()).toBe(ids.length);
    sender.kick();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posted).toEqual(ids);
    expect(store.outboxSize()).toBe(ids.length);
    await waitFor(() => store.outboxSize() === 0, 'the acknowledgements to be written');
    expect(commits).toEqual([ids.length]);
    expect(store.getMessages(ids).every((m) => m.status === 'sent')).toBe(true);
    expect(posted).toEqual(ids);
  });

  it('reads the queue once per queued message while messages go out one at a time, not again after each answer', async () => {
    const { store } = storeWithQueue(0);
    const { counted, reads } = countingQueueReads(store);
    const posted: string[] = [];
    const relay = await RawRelay.start((call) => {
      if (call.method !== 'post') return defaultReply(call);
      const id = call.params.id as string;
      posted.push(id);
      return { result: { id, seq: posted.length, ts: Date.now() } };
    });
    cleanups.push(() => relay.close());
    const { connection, sender } = connectedSender(relay.url, { store: counted, window: 8 });
    await waitFor(() => connection.isOnline, 'online');
    // Coming online read the (empty) queue once; count from here.
    reads.count = 0;

    for (let i = 0; i < 10; i++) {
      store.queueMessage({ id: `one${i}`, convId: conv.id, text: `one at a time ${i}`, ts: 2_000 + i });
      sender.kick();
      await waitFor(() => posted.length === i + 1, `message ${i} posted`);
      // Its answer comes back and is handled before the next message is queued.
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(reads.count).toBe(10);
    await waitFor(() => store.outboxSize() === 0, 'the acknowledgements to be written');
    expect(posted).toEqual(Array.from({ length: 10 }, (_, i) => `one${i}`));
  });

  it('posts a message being written ahead of its commit, without reading the queue, only when nothing older waits', async () => {
    const { store } = storeWithQueue(0);
    const { counted, reads } = countingQueueReads(store);
    const posted: string[] = [];
    const unanswered: (() => void)[] = [];
    const relay = await RawRelay.start((call, socket) => {
      if (call.method !== 'post') return defaultReply(call);
      const id = call.params.id as string;
      posted.push(id);
      const seq = posted.length;
      unanswered.push(() => socket.send(JSON.stringify({ type: 'result', id: call.id, result: { id, seq, ts: Date.now() } })));
      return 'silence';
    });
    cleanups.push(() => relay.close());
    const { connection, sender } = connectedSender(relay.url, { store: counted, window: 2, ackSaveDelayMs: 1 });
    const input = (id: string) => ({ id, convId: conv.id, text: `text of ${id}`, ts: 3_000 });
    const write = (id: string) => {
      const item = store.outboxItemFor(input(id));
      expect(item).not.toBeNull();
      const ahead = sender.postAhead([item!]);
      store.queueMessages([input(id)]);
      return ahead;
    };

    // Offline: nothing can be posted ahead.
    expect(write('early')).toBe(false);
    await waitFor(() => connection.isOnline, 'online');
    await waitFor(() => posted.length === 1, 'the early message posted by the queue');
    reads.count = 0;

    // The queue was read and all of it is in flight: a new message goes out at once, before its commit.
    expect(write('ahead')).toBe(true);
    await waitFor(() => posted.length === 2, 'the message posted ahead');
    expect(reads.count).toBe(0);
    // The window (2) is full: the next one waits in the queue for a kick, behind the others.
    expect(write('behind')).toBe(false);
    sender.kick();
    for (const answer of unanswered.splice(0)) answer();
    await waitFor(() => posted.length === 3, 'the queued message posted after the answers');
    for (const answer of unanswered.splice(0)) answer();
    await waitFor(() => store.outboxSize() === 0, 'every acknowledgement written');
    expect(posted).toEqual(['early', 'ahead', 'behind']);
    expect(store.getMessages(posted).map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
  });
});
