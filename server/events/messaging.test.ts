import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/protocol';
import { type CallError } from '../testing/client';
import { groupOf, ids, say, texts } from '../testing/fixtures';
import { TestServer } from '../testing/harness';

let server: TestServer;
beforeEach(async () => {
  server = await TestServer.start({ supportBot: false });
});
afterEach(() => server.stop());

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => (error as CallError).code);

describe('posting', () => {
  it('acks with seq and server time; a retransmission returns the same ack and stores nothing', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const [alice, bob] = people;
    const id = ulid();
    const ack = await say(alice!.client, conv.id, 'hello', id);
    expect(ack).toMatchObject({ id, seq: expect.any(Number), ts: expect.any(Number) });
    expect(await say(alice!.client, conv.id, 'hello', id)).toEqual(ack);
    expect(await say(alice!.client, conv.id, 'different text, same id', id)).toEqual(ack);

    const { events } = await bob!.client.syncAll();
    expect(events.filter((e) => e.id === id)).toHaveLength(1);
    // The same id from someone else is a conflict, not their message.
    expect(await failure(say(bob!.client, conv.id, 'mine?', id))).toBe(ErrorCode.Conflict);
  });

  it('pushes a stored event as soon as the read that stored it is handled, before reads of other sockets', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const [alice, bob] = people;
    await bob!.client.syncAll();
    const arrivals: string[] = [];
    bob!.client.ws.on('message', (data) => arrivals.push((JSON.parse(String(data)) as { type: string }).type));
    // Both frames are on their sockets before the server reads either: it handles alice's post, then bob's ping.
    const posted = say(alice!.client, conv.id, 'right away');
    await bob!.client.call('ping', {});
    await posted;
    await bob!.client.waitUntil(() => texts(bob!.client.liveEvents).includes('right away'));
    expect(arrivals).toEqual(['events', 'result']);
  });

  it('gives every member the same order of a conversation, live and in sync', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob', 'carol']);
    await Promise.all(people.map((p, n) => Promise.all(Array.from({ length: 20 }, (_, i) => say(p.client, conv.id, `${n}-${i}`)))));
    const expected = (await people[0]!.client.syncAll()).events.filter((e) => e.body.kind === 'message');
    expect(expected).toHaveLength(60);
    expect(expected.map((e) => e.seq)).toEqual([...expected.map((e) => e.seq)].sort((a, b) => a - b));
    for (const person of people) {
      await person.client.waitUntil(() => texts(person.client.liveEvents).length === 60);
      expect(ids(person.client.liveEvents.filter((e) => e.body.kind === 'message'))).toEqual(ids(expected));
      expect(ids((await person.client.syncAll()).events.filter((e) => e.body.kind === 'message'))).toEqual(ids(expected));
    }
  });

  it('lets only the sender edit or delete; deletion leaves a tombstone and erases the text', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const [alice, bob] = people;
    const msg = await say(alice!.client, conv.id, 'secret typo');
    const edit = { kind: 'edit' as const, target: msg.id, text: 'fixed' };
    expect(await failure(bob!.client.call('post', { convId: conv.id, id: ulid(), body: edit }))).toBe(ErrorCode.Forbidden);
    await alice!.client.call('post', { convId: conv.id, id: ulid(), body: edit });
    expect(await failure(bob!.client.call('post', { convId: conv.id, id: ulid(), body: { kind: 'delete', target: msg.id } }))).toBe(
      ErrorCode.Forbidden,
    );
    const del = await alice!.client.call('post', { convId: conv.id, id: ulid(), body: { kind: 'delete', target: msg.id } });
    expect(await failure(alice!.client.call('post', { convId: conv.id, id: ulid(), body: edit }))).toBe(ErrorCode.Forbidden);

    const { events } = await (await server.device(bob!.token)).syncAll();
    const original = events.find((e) => e.id === msg.id)!;
    expect(original.body).toEqual({ kind: 'message', text: '', deleted: true });
    expect(events.find((e) => e.body.kind === 'edit')!.body).toMatchObject({ text: '', deleted: true });
    expect(events.find((e) => e.id === del.id)!.body).toEqual({ kind: 'delete', target: msg.id });
    expect(JSON.stringify(events)).not.toContain('secret typo');
    expect(JSON.stringify(events)).not.toContain('fixed');
  });

  it('stores reactions and replies that target messages of the same conversation only', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const [alice, bob] = people;
    const other = (await alice!.client.call('createDirect', { userId: bob!.user.id })).conv;
    const msg = await say(alice!.client, conv.id, 'question?');
    const elsewhere = await say(alice!.client, other.id, 'elsewhere');

    await bob!.client.call('post', { convId: conv.id, id: ulid(), body: { kind: 'reaction', target: msg.id, emoji: '👍', on: true } });
    await bob!.client.call('post', { convId: conv.id, id: ulid(), body: { kind: 'reaction', target: msg.id, emoji: '👍', on: false } });
    const reply = await bob!.client.call('post', { convId: conv.id, id: ulid(), body: { kind: 'message', text: 'answer', replyTo: msg.id } });
    for (const body of [
      { kind: 'message' as const, text: 'x', replyTo: elsewhere.id },
      { kind: 'reaction' as const, target: elsewhere.id, emoji: '👍', on: true },
      { kind: 'reaction' as const, target: ulid(), emoji: '👍', on: true },
    ]) {
      expect(await failure(bob!.client.call('post', { convId: conv.id, id: ulid(), body }))).toBe(ErrorCode.NotFound);
    }
    const live = await alice!.client.waitForEvent((e) => e.id === reply.id);
    expect(live.body).toEqual({ kind: 'message', text: 'answer', replyTo: msg.id });
    const reactions = (await alice!.client.syncAll()).events.filter((e) => e.body.kind === 'reaction');
    expect(reactions.map((e) => e.body)).toEqual([
      { kind: 'reaction', target: msg.id, emoji: '👍', on: true },
      { kind: 'reaction', target: msg.id, emoji: '👍', on: false },
    ]);
  });

  it('moves receipts forward only, clamped to the head, and tells the other members', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const [alice, bob] = people;
    const first = await say(alice!.client, conv.id, 'one');
    const second = await say(alice!.client, conv.id, 'two');
    expect(await bob!.client.call('receipt', { convId: conv.id, receipt: 'read', upTo: first.seq })).toEqual({ upTo: first.seq });
    expect(await bob!.client.call('receipt', { convId: conv.id, receipt: 'read', upTo: 1 })).toEqual({ upTo: first.seq });
    expect(await bob!.client.call('receipt', { convId: conv.id, receipt: 'read', upTo: 10 ** 9 })).toEqual({ upTo: second.seq });
    expect(await bob!.client.call('receipt', { convId: conv.id, receipt: 'delivered', upTo: second.seq })).toEqual({ upTo: second.seq });

    await alice!.client.waitUntil(() => alice!.client.liveEvents.filter((e) => e.body.kind === 'receipt').length === 3);
    const receipts = alice!.client.liveEvents.filter((e) => e.body.kind === 'receipt');
    expect(receipts.map((e) => [e.senderId, e.body])).toEqual([
      [bob!.user.id, { kind: 'receipt', receipt: 'read', upTo: first.seq }],
      [bob!.user.id, { kind: 'receipt', receipt: 'read', upTo: second.seq }],
      [bob!.user.id, { kind: 'receipt', receipt: 'delivered', upTo: second.seq }],
    ]);
  });

  it('relays typing to the other members only, without storing it', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob', 'carol']);
    const [alice, bob, carol] = people;
    const stranger = await server.register('mallory');
    await stranger.client.syncAll();
    await alice!.client.call('typing', { convId: conv.id, on: true });
    await bob!.client.waitUntil(() => bob!.client.typingFrames().length === 1);
    await carol!.client.waitUntil(() => carol!.client.typingFrames().length === 1);
    expect(bob!.client.typingFrames()[0]).toEqual({ type: 'typing', convId: conv.id, userId: alice!.user.id, on: true });
    expect(await failure(stranger.client.call('typing', { convId: conv.id, on: true }))).toBe(ErrorCode.NotFound);
    await alice!.client.call('ping', {});
    expect(alice!.client.typingFrames()).toEqual([]);
    expect(stranger.client.typingFrames()).toEqual([]);
    expect((await bob!.client.syncAll()).events.some((e) => (e.body.kind as string) === 'typing')).toBe(false);
  });
});
