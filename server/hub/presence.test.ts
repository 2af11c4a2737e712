import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TestServer } from '../testing/harness';

let server: TestServer;
beforeEach(async () => {
  server = await TestServer.start({ supportBot: false });
});
afterEach(() => server.stop());

describe('presence', () => {
  it('tells users who share a conversation when someone comes online and goes offline, and nobody else', async () => {
    const alice = await server.register('alice');
    const bob = await server.register('bob');
    const stranger = await server.register('mallory');
    await alice.client.call('createDirect', { userId: bob.user.id });
    await bob.client.close();

    const phone = await server.device(bob.token);
    await alice.client.waitUntil(() => alice.client.presenceFrames().some((p) => p.userId === bob.user.id && p.online));
    const laptop = await server.device(bob.token);
    await phone.close();
    await laptop.call('ping', {});
    // Still online through the laptop: no offline frame yet.
    expect(alice.client.presenceFrames().filter((p) => p.userId === bob.user.id && !p.online)).toHaveLength(1);
    await laptop.close();
    await alice.client.waitUntil(() => alice.client.presenceFrames().filter((p) => p.userId === bob.user.id && !p.online).length === 2);
    const last = alice.client.presenceFrames().at(-1)!;
    expect(last).toMatchObject({ userId: bob.user.id, online: false, lastSeen: expect.any(Number) });

    expect(stranger.client.presenceFrames()).toEqual([]);
    expect((await alice.client.call('presence', { userIds: [bob.user.id, stranger.user.id] })).presence).toEqual([
      { userId: bob.user.id, online: false, lastSeen: last.lastSeen },
      { userId: stranger.user.id, online: false, lastSeen: null },
    ]);
    expect((await stranger.client.call('presence', { userIds: [alice.user.id] })).presence).toEqual([
      { userId: alice.user.id, online: false, lastSeen: null },
    ]);
    expect((await bob.client.closed).code).toBe(1000);
    const back = await server.device(bob.token);
    await back.call('ping', {});
    expect((await alice.client.call('presence', { userIds: [bob.user.id] })).presence[0]).toMatchObject({ online: true });
  });
});
