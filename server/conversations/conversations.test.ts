import { ulid } from 'ulid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/protocol';
import type { CallError } from '../testing/client';
import { groupOf, say, texts } from '../testing/fixtures';
import { TestServer } from '../testing/harness';

let server: TestServer;
beforeEach(async () => {
  server = await TestServer.start({ supportBot: false });
});
afterEach(() => server.stop());

const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => (error as CallError).code);

describe('conversations', () => {
  it('has exactly one direct conversation per pair, whoever creates it', async () => {
    const alice = await server.register('alice');
    const bob = await server.register('bob');
    const [a, b] = await Promise.all([
      alice.client.call('createDirect', { userId: bob.user.id }),
      bob.client.call('createDirect', { userId: alice.user.id }),
    ]);
    expect(a.conv.id).toBe(b.conv.id);
    expect(a.conv).toMatchObject({ kind: 'direct', title: '' });
    expect(a.conv.members.map((m) => m.username).sort()).toEqual(['alice', 'bob']);
    expect((await alice.client.call('createDirect', { userId: bob.user.id })).conv.id).toBe(a.conv.id);
    expect(await failure(alice.client.call('createDirect', { userId: alice.user.id }))).toBe(ErrorCode.InvalidParams);
    expect(await failure(alice.client.call('createDirect', { userId: 'forged-user-id' }))).toBe(ErrorCode.NotFound);
    const created = (await bob.client.syncAll()).events.filter((e) => e.body.kind === 'conversation');
    expect(created).toHaveLength(1);
    expect(await failure(alice.client.call('addMembers', { convId: a.conv.id, userIds: [bob.user.id] }))).toBe(ErrorCode.Forbidden);
    expect(await failure(alice.client.call('leave', { convId: a.conv.id }))).toBe(ErrorCode.Forbidden);
  });

  it('keeps a conversation hidden from non-members: no read, no post, no hint that it exists', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const msg = await say(people[0]!.client, conv.id, 'private');
    const mallory = await server.register('mallory');
    const m = mallory.client;
    for (const convId of [conv.id, 'forged-conversation']) {
      const codes = [
        await failure(m.call('post', { convId, id: ulid(), body: { kind: 'message', text: 'hi' } })),
        await failure(m.call('post', { convId, id: ulid(), body: { kind: 'reaction', target: msg.id, emoji: '👀', on: true } })),
        await failure(m.call('receipt', { convId, receipt: 'read', upTo: 1000 })),
        await failure(m.call('typing', { convId, on: true })),
        await failure(m.call('addMembers', { convId, userIds: [mallory.user.id] })),
        await failure(m.call('rename', { convId, title: 'mine' })),
        await failure(m.call('leave', { convId })),
        await failure(m.call('removeMember', { convId, userId: people[0]!.user.id })),
      ];
      expect(codes).toEqual(Array(codes.length).fill(ErrorCode.NotFound));
    }
    // Retransmitting someone else's event id into the hidden conversation reveals nothing either.
    expect(await failure(m.call('post', { convId: conv.id, id: msg.id, body: { kind: 'message', text: 'hi' } }))).toBe(ErrorCode.NotFound);
    const { events } = await m.syncAll();
    expect(events).toEqual([]);
    expect((await m.call('conversations', {})).conversations).toEqual([]);
    expect(await failure(m.call('createGroup', { id: ulid(), title: 'x', memberIds: ['forged-user'] }))).toBe(ErrorCode.NotFound);
  });

  it('creates a group idempotently by the client id', async () => {
    const alice = await server.register('alice');
    const bob = await server.register('bob');
    const id = ulid();
    const first = await alice.client.call('createGroup', { id, title: 'Team', memberIds: [bob.user.id, bob.user.id] });
    const again = await alice.client.call('createGroup', { id, title: 'Team', memberIds: [bob.user.id] });
    expect(again.conv.id).toBe(first.conv.id);
    expect(first.conv.members.map((m) => m.username)).toEqual(['alice', 'bob']);
    expect((await bob.client.call('conversations', {})).conversations.map((c) => c.id)).toEqual([first.conv.id]);
  });

  it('applies visibility windows on add, remove, leave and rename', async () => {
    const { people, conv } = await groupOf(server, ['alice', 'bob', 'carol']);
    const [alice, bob, carol] = people;
    const dave = await server.register('dave');
    await dave.client.syncAll();
    await say(alice!.client, conv.id, 'before dave');
    await bob!.client.call('addMembers', { convId: conv.id, userIds: [dave.user.id] });
    await say(alice!.client, conv.id, 'with dave');
    expect(await failure(bob!.client.call('removeMember', { convId: conv.id, userId: carol!.user.id }))).toBe(ErrorCode.Forbidden);
    await alice!.client.call('removeMember', { convId: conv.id, userId: carol!.user.id });
    await say(alice!.client, conv.id, 'without carol');
    await dave.client.call('leave', { convId: conv.id });
    await say(alice!.client, conv.id, 'without dave');
    const renamed = await alice!.client.call('rename', { convId: conv.id, title: 'Core' });
    expect(renamed.conv).toMatchObject({ title: 'Core' });
    expect(renamed.conv.members.map((m) => m.username)).toEqual(['alice', 'bob']);

    const daveSees = (await (await server.device(dave.token)).syncAll()).events;
    expect(texts(daveSees, conv.id)).toEqual(['with dave', 'without carol']);
    const daveChanges = daveSees.filter((e) => e.body.kind === 'conversation').map((e) => e.body);
    expect(daveChanges.map((b) => (b.kind === 'conversation' ? b.change : ''))).toEqual(['members_added', 'member_removed', 'member_left']);
    const carolSees = (await (await server.device(carol!.token)).syncAll()).events;
    expect(texts(carolSees, conv.id)).toEqual(['before dave', 'with dave']);
    expect(carolSees.at(-1)!.body).toMatchObject({ kind: 'conversation', change: 'member_removed', subjects: [carol!.user.id] });
    // Removed and departed members learn it live as well, then nothing more.
    await carol!.client.waitForEvent((e) => e.body.kind === 'conversation' && e.body.change === 'member_removed');
    await say(alice!.client, conv.id, 'later');
    await alice!.client.call('ping', {});
    await bob!.client.waitUntil(() => texts(bob!.client.liveEvents).includes('later'));
    expect(texts(carol!.client.liveEvents)).not.toContain('without carol');
    expect(await failure(say(carol!.client, conv.id, 'still here?'))).toBe(ErrorCode.NotFound);
    expect((await carol!.client.call('conversations', {})).conversations).toEqual([]);

    // Re-adding opens a new window: the gap stays invisible.
    await alice!.client.call('addMembers', { convId: conv.id, userIds: [carol!.user.id] });
    await say(alice!.client, conv.id, 'carol again');
    const carolNow = (await (await server.device(carol!.token)).syncAll()).events;
    expect(texts(carolNow, conv.id)).toEqual(['before dave', 'with dave', 'carol again']);
  });
});
