import { afterEach, describe, expect, it } from 'vitest';
import type { SyncFile } from '../../main/core/store/wal-flusher';
import { Harness, waitFor } from './harness';

let h: Harness;
afterEach(async () => {
  await h.dispose();
});

describe('outbox', () => {
  it('posts a message without waiting for the disk and answers the send once the disk has synced it', async () => {
    h = new Harness();
    const server = await h.server();
    const held: (() => void)[] = [];
    let holding = false;
    const syncFile: SyncFile = async () => {
      if (holding) await new Promise<void>((resolve) => held.push(resolve));
    };
    const alice = await h.engine({ extra: { store: { syncFile } } });
    const bob = await h.engine();
    await alice.signUp(server, 'alice');
    const bobUser = await bob.signUp(server, 'bob');
    await alice.online();
    await bob.online();
    const convId = (await alice.messenger.createDirect({ userId: bobUser.id })).id;

    holding = true;
    let answered = false;
    const sent = alice.messenger.sendMessage({ convId, text: 'on its way before the disk sync' }).then((message) => {
      answered = true;
      return message;
    });
    // The post does not wait for the sync: bob has the message while alice's disk is still syncing it.
    await waitFor(async () => (await bob.texts(convId)).includes('on its way before the disk sync'), 'the message at bob');
    expect(held.length).toBeGreaterThan(0);
    expect(answered).toBe(false);
    for (const release of held.splice(0)) release();
    holding = false;
    const message = await sent;
    expect(message.text).toBe('on its way before the disk sync');
    expect((await bob.history(convId)).filter((m) => m.id === message.id)).toHaveLength(1);
  });

  it('waits out rate limiting and still delivers everything in order', async () => {
    h = new Harness();
    const server = await h.server({ limits: { rateBurst: 8, ratePerSecond: 40 } });
    const alice = await h.engine();
    const bob = await h.engine();
    await alice.signUp(server, 'alice');
    const bobUser = await bob.signUp(server, 'bob');
    await alice.online();
    const convId = (await alice.messenger.createDirect({ userId: bobUser.id })).id;
    const texts = Array.from({ length: 40 }, (_, i) => `burst ${i}`);
    for (const text of texts) await alice.messenger.sendMessage({ convId, text });
    await waitFor(async () => (await bob.texts(convId)).length === texts.length, 'every message at bob', 20_000);
    expect(await bob.texts(convId)).toEqual(texts);
    expect(await alice.texts(convId)).toEqual(texts);
    expect((await alice.history(convId)).every((m) => m.system !== null || m.status !== 'pending')).toBe(true);
  });

  it('marks a message the server refuses for good as failed, and retrying keeps its id', async () => {
    h = new Harness();
    const server = await h.server();
    const alice = await h.engine();
    let bob = await h.engine();
    await alice.signUp(server, 'alice');
    const bobUser = await bob.signUp(server, 'bob');
    await alice.online();
    await bob.online();
    const group = await alice.messenger.createGroup({ title: 'Short-lived', memberIds: [bobUser.id] });
    await waitFor(async () => (await bob.messenger.listConversations()).some((c) => c.id === group.id), 'the group at bob');

    await server.close();
    await waitFor(async () => (await bob.messenger.getConnection()).state === 'offline', 'bob offline');
    const doomed = await bob.messenger.sendMessage({ convId: group.id, text: 'am I still here?' });
    // Bob's engine stays closed until alice has removed him, so his send can only arrive afterwards.
    await bob.dispose();
    const restarted = await h.server({ dataDir: server.dataDir, port: server.port });
    await alice.online();
    await alice.messenger.removeMember({ convId: group.id, userId: bobUser.id });
    expect(restarted.url).toBe(server.url);
    bob = await h.engine({ profileDir: bob.profileDir });

    await waitFor(async () => (await bob.history(group.id)).find((m) => m.id === doomed.id)?.status === 'failed', 'the send to fail', 15_000);
    const failed = (await bob.history(group.id)).find((m) => m.id === doomed.id)!;
    expect(failed.error).toBeTruthy();
    expect((await alice.texts(group.id)).includes('am I still here?')).toBe(false);

    const retried = await bob.messenger.retryMessage({ messageId: doomed.id });
    expect(retried).toMatchObject({ id: doomed.id, status: 'pending' });
    await waitFor(async () => (await bob.history(group.id)).find((m) => m.id === doomed.id)?.status === 'failed', 'the retry to fail again', 15_000);
  });
});
