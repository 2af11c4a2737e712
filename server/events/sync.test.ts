import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../../shared/protocol';
import { groupOf, ids, say } from '../testing/fixtures';
import { TestServer } from '../testing/harness';

let server: TestServer;
beforeEach(async () => {
  server = await TestServer.start({ supportBot: false });
});
afterEach(() => server.stop());

const messages = (events: Event[]) => events.filter((e) => e.body.kind === 'message');

describe('sync', () => {
  it('pages oldest first with more/next, and next moves past events the user cannot see', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const outsider = await server.register('carol');
    for (let i = 0; i < 12; i++) await say(people[0]!.client, conv.id, `m${i}`);

    const first = await people[1]!.client.call('sync', { after: 0, limit: 5 });
    expect(first.events).toHaveLength(5);
    expect(first.more).toBe(true);
    expect(first.next).toBe(first.events[4]!.seq);
    const all = await people[1]!.client.syncAll(0, 5);
    expect(all.pages).toBe(3);
    expect(ids(all.events)).toEqual([...all.events].sort((a, b) => a.seq - b.seq).map((e) => e.id));
    expect(messages(all.events)).toHaveLength(12);

    const nothing = await outsider.client.call('sync', { after: 0, limit: 5 });
    expect(nothing).toEqual({ events: [], more: false, next: all.next });
  });

  it('hands over from replay to live with no gap and no duplicate while others keep sending', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const [alice, bob] = people;
    const late = await server.device(bob!.token);
    const sending = Promise.all(Array.from({ length: 150 }, (_, i) => say(alice!.client, conv.id, `m${i}`)));
    // Catch up in small pages while the sends land in between.
    const replay = await late.syncAll(0, 7);
    await sending;
    await late.waitUntil(() => messages([...replay.events, ...late.liveEvents]).length >= 150);
    await alice!.client.call('ping', {});
    const seen = messages([...replay.events, ...late.liveEvents]);
    expect(seen).toHaveLength(150);
    expect(new Set(ids(seen)).size).toBe(150);
    expect(seen.map((e) => e.seq)).toEqual([...seen.map((e) => e.seq)].sort((a, b) => a - b));
  });

  it('resumes from the last seq after a dropped connection: nothing missing, nothing twice', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const [alice, bob] = people;
    const applied = new Map<string, Event>();
    let cursor = 0;
    const apply = (events: Event[]) => {
      for (const event of events) {
        expect(applied.has(event.id)).toBe(false);
        applied.set(event.id, event);
        cursor = Math.max(cursor, event.seq);
      }
    };
    let device = await server.device(bob!.token);
    const first = await device.syncAll();
    apply(first.events);
    cursor = first.next;

    const sending = (async () => {
      for (let i = 0; i < 120; i++) await say(alice!.client, conv.id, `m${i}`);
    })();
    await device.waitUntil(() => messages(device.liveEvents).length >= 30);
    apply(device.liveEvents);
    await device.terminate();
    // Sends continue while bob is away; then bob resumes from what he stored.
    device = await server.device(bob!.token);
    const rest = await device.syncAll(cursor, 10);
    apply(rest.events);
    await sending;
    await device.waitUntil(() => messages([...applied.values()]).length + messages(device.liveEvents).length >= 120);
    apply(device.liveEvents);
    expect(messages([...applied.values()]).map((e) => (e.body as { text: string }).text)).toEqual(Array.from({ length: 120 }, (_, i) => `m${i}`));
  });

  it('bounds a page by bytes as well as by count', async () => {
    await server.stop();
    server = await TestServer.start({ supportBot: false, limits: { pageMaxBytes: 40_000 } });
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const big = 'x'.repeat(15_000);
    for (let i = 0; i < 5; i++) await say(people[0]!.client, conv.id, big);
    const page = await people[1]!.client.call('sync', { after: 0, limit: 500 });
    expect(page.more).toBe(true);
    expect(JSON.stringify(page.events).length).toBeLessThanOrEqual(40_000);
    expect(messages((await people[1]!.client.syncAll()).events)).toHaveLength(5);

    // Live frames respect the same budget: a burst is split over several frames.
    await Promise.all(Array.from({ length: 5 }, () => say(people[0]!.client, conv.id, big)));
    const bob = people[1]!.client;
    await bob.waitUntil(() => messages(bob.liveEvents).length === 10);
    for (const frame of bob.pushed) if (frame.type === 'events') expect(JSON.stringify(frame.events).length).toBeLessThanOrEqual(40_000);
  });
});
