import { afterEach, describe, expect, it } from 'vitest';
import { texts } from './testing/fixtures';
import { TestServer } from './testing/harness';
import { say } from './testing/fixtures';

let server: TestServer;
afterEach(() => server.stop());

const support = { welcome: 'Hi, this is support.', autoReply: 'We got your message.' };

describe('support bot', () => {
  it('welcomes a new user in a direct conversation and answers every message sent to it', async () => {
    server = await TestServer.start({ supportBot: support });
    const alice = await server.register('alice');
    const { events } = await alice.client.syncAll();
    const conv = events.find((e) => e.body.kind === 'conversation')!;
    expect(conv.body).toMatchObject({ kind: 'conversation', change: 'created', conv: { kind: 'direct' } });
    const members = conv.body.kind === 'conversation' ? conv.body.conv.members.map((m) => m.username).sort() : [];
    expect(members).toEqual(['alice', 'support']);
    expect(texts(events)).toEqual([support.welcome]);

    const ack = await say(alice.client, conv.convId, 'help!');
    const reply = await alice.client.waitForEvent((e) => e.body.kind === 'message' && e.body.text === support.autoReply);
    expect(reply.seq).toBeGreaterThan(ack.seq);
    // Stored while handling the read of the user's message, so both travel in one frame (fan-out is coalesced per callback).
    const frame = alice.client.pushed.find((f) => f.type === 'events' && f.events.some((e) => e.id === reply.id));
    expect(frame?.type === 'events' && frame.events.map((e) => e.id)).toEqual([ack.id, reply.id]);
    expect(reply.senderId).not.toBe(alice.user.id);
    // A retransmission is not a new message: no second reply.
    await say(alice.client, conv.convId, 'help!', ack.id);
    await say(alice.client, conv.convId, 'again');
    await alice.client.waitUntil(() => texts(alice.client.liveEvents).filter((t) => t === support.autoReply).length === 2);
    expect(texts((await alice.client.syncAll()).events)).toEqual([support.welcome, 'help!', support.autoReply, 'again', support.autoReply]);
  });

  it('reaches a user who registers and only syncs later, on another socket', async () => {
    server = await TestServer.start({ supportBot: support });
    const bob = await server.register('bob');
    await bob.client.close();
    const later = await server.connect();
    await later.login('bob');
    expect(texts((await later.syncAll()).events)).toEqual([support.welcome]);
    const { users } = await later.call('findUsers', { prefix: 'sup' });
    expect(users.map((u) => u.username)).toEqual(['support']);
  });

  it('can be turned off, and nobody can sign in as support', async () => {
    server = await TestServer.start({ supportBot: false });
    const carol = await server.register('carol');
    expect((await carol.client.syncAll()).events).toEqual([]);
    await server.stop();
    server = await TestServer.start({});
    const client = await server.connect();
    await expect(client.login('support', 'anything at all')).rejects.toMatchObject({ code: 'auth_failed' });
  });
});
