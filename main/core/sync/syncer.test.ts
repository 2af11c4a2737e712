import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Event } from '../../../shared/protocol';
import { Connection } from '../connection/connection';
import { RawRelay, USER, VALID_TOKEN, defaultReply } from '../connection/raw-relay.testkit';
import { resolveTimings } from '../connection/timings';
import { waitFor } from '../connection/wait.testkit';
import { silentLogger } from '../logger';
import { openStore } from '../store';
import type { Store } from '../store/types';
import { Syncer } from './syncer';

const conv = {
  id: 'c1',
  kind: 'direct' as const,
  title: '',
  members: [USER, { id: 'u2', username: 'bob' }],
  createdBy: USER.id,
  createdAt: 1,
};
const message = (seq: number): Event => ({ seq, id: `e${seq}`, convId: conv.id, senderId: 'u2', ts: 1_000 + seq, body: { kind: 'message', text: `m${seq}` } });

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempStore(): Store {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-sync-'));
  const store = openStore(dir);
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.close());
  store.setAccount({ server: 'ws://test', userId: USER.id, username: USER.username });
  return store;
}

describe('Syncer', () => {
  it('pages from the cursor, then applies live frames that raced the last page in order', async () => {
    const history = Array.from({ length: 10 }, (_, i) => message(i + 1));
    const afters: number[] = [];
    const relay = await RawRelay.start((call, socket) => {
      if (call.method === 'conversations') return { result: { conversations: [conv] } };
      if (call.method !== 'sync') return defaultReply(call);
      const after = call.params.after as number;
      afters.push(after);
      const events = history.filter((e) => e.seq > after).slice(0, call.params.limit as number);
      const next = events.at(-1)?.seq ?? after;
      const more = next < 10;
      socket.send(JSON.stringify({ type: 'result', id: call.id, result: { events, more, next } }));
      // The first live frame follows the last page at once, typically in the same TCP read.
      if (!more) socket.send(JSON.stringify({ type: 'events', events: [message(11), message(12)] }));
      return 'silence';
    });
    cleanups.push(() => relay.close());

    const store = tempStore();
    const origins: string[] = [];
    const progress: number[] = [];
    const link: { connection?: Connection } = {};
    const syncer = new Syncer({
      rpc: { call: (method, params, options) => link.connection!.call(method, params, options) },
      store,
      logger: silentLogger,
      pageSize: 3,
      onApplied: (_changes, origin) => origins.push(origin),
      onLiveFailure: () => link.connection!.reconnect('resync'),
    });
    const connection = new Connection({
      url: relay.url,
      credentials: { kind: 'resume', token: VALID_TOKEN },
      timings: resolveTimings({ pingIntervalMs: 60_000 }),
      logger: silentLogger,
      hooks: {
        synchronize: (report) => syncer.catchUp((applied) => progress.push(applied)).then(() => report(progress.at(-1) ?? 0)),
        events: (events) => syncer.receive(events),
        disconnected: () => syncer.reset(),
      },
    });
    link.connection = connection;
    cleanups.push(() => connection.dispose());
    connection.start();

    await waitFor(() => store.getCursor() === 12, 'the live events applied');
    expect(afters).toEqual([0, 3, 6, 9]);
    expect(progress).toEqual([3, 6, 9, 10]);
    expect(origins).toEqual(['snapshot', 'sync', 'sync', 'sync', 'sync', 'live']);
    const page = store.pageMessages(conv.id, { kind: 'latest' }, 50);
    expect(page.messages.filter((m) => m.system === null).map((m) => m.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));

    // A reconnect resumes after the stored cursor instead of starting over.
    relay.closeAll(1001);
    await waitFor(() => afters.length === 5 && connection.isOnline, 'a second sync');
    expect(afters.at(-1)).toBe(12);
  });
});
