import { afterEach, describe, expect, it } from 'vitest';
import { ParleyError } from '../../shared/contract/errors';
import { Harness, waitFor } from './harness';

let h: Harness;
afterEach(async () => {
  await h.dispose();
});

async function pair() {
  h = new Harness();
  const server = await h.server();
  const alice = await h.engine();
  const bob = await h.engine();
  const aliceUser = await alice.signUp(server, 'alice');
  const bobUser = await bob.signUp(server, 'bob');
  await alice.online();
  await bob.online();
  const direct = await alice.messenger.createDirect({ userId: bobUser.id });
  return { server, alice, bob, aliceUser, bobUser, convId: direct.id };
}

describe('two users on two engines', () => {
  it('exchange messages in real time, with pending → sent → delivered → read', async () => {
    const { alice, bob, convId, bobUser } = await pair();
    expect(await alice.messenger.getSession()).toMatchObject({ signedIn: true, user: { username: 'alice' } });

    const sent = await alice.messenger.sendMessage({ convId, text: 'hello bob' });
    expect(sent).toMatchObject({ status: 'pending', mine: true, seq: null, text: 'hello bob' });
    // The pending message is pushed at once, before the server has seen it.
    expect(alice.of('messagesChanged').some((e) => e.messages.some((m) => m.id === sent.id && m.status === 'pending'))).toBe(true);

    await waitFor(async () => (await bob.texts(convId)).includes('hello bob'), 'bob to receive the message');
    const received = (await bob.history(convId)).find((m) => m.id === sent.id)!;
    expect(received).toMatchObject({ mine: false, senderName: 'alice', status: null });
    expect(bob.incoming.flatMap((item) => item.messages.map((m) => m.text))).toContain('hello bob');
    expect(bob.incoming.find((item) => item.messages.some((m) => m.id === sent.id))?.conversation).toMatchObject({ id: convId, peer: { username: 'alice' } });
    expect(bob.messenger.totalUnread()).toBe(1);

    // Bob's engine sends a delivered receipt on its own; alice sees her message as delivered.
    await waitFor(async () => (await alice.history(convId)).find((m) => m.id === sent.id)?.status === 'delivered', 'delivered status');

    await bob.messenger.markRead({ convId });
    expect(bob.messenger.totalUnread()).toBe(0);
    await waitFor(async () => (await alice.history(convId)).find((m) => m.id === sent.id)?.status === 'read', 'read status');

    await bob.messenger.sendMessage({ convId, text: 'hi alice', replyTo: sent.id });
    await waitFor(async () => (await alice.texts(convId)).join('|') === 'hello bob|hi alice', 'alice to receive the reply');
    const reply = (await alice.history(convId)).at(-1)!;
    expect(reply.replyTo).toMatchObject({ id: sent.id, known: true });
    expect(alice.incoming.flatMap((item) => item.messages.map((m) => m.text))).toEqual(['hi alice']);
    expect(bobUser.username).toBe('bob');
  });

  it('edits, deletes and reactions reach the other side', async () => {
    const { alice, bob, convId } = await pair();
    const message = await alice.messenger.sendMessage({ convId, text: 'frist' });
    await waitFor(async () => (await bob.texts(convId)).includes('frist'), 'the message at bob');
    const edited = await alice.messenger.editMessage({ messageId: message.id, text: 'first' });
    expect(edited).toMatchObject({ text: 'first', edited: true });
    await bob.messenger.react({ messageId: message.id, emoji: '👍', on: true });
    await waitFor(async () => {
      const seen = (await bob.history(convId)).find((m) => m.id === message.id);
      return seen?.text === 'first' && seen.edited;
    }, 'the edit at bob');
    await waitFor(async () => (await alice.history(convId)).find((m) => m.id === message.id)?.reactions.some((r) => r.emoji === '👍' && !r.mine), 'the reaction at alice');
    await alice.messenger.deleteMessage({ messageId: message.id });
    await waitFor(async () => (await bob.history(convId)).find((m) => m.id === message.id)?.deleted, 'the deletion at bob');
  });

  it('relays typing and presence, and finds users and groups through the server', async () => {
    const { alice, bob, convId, aliceUser, bobUser } = await pair();
    await bob.messenger.setTyping({ convId, typing: true });
    await waitFor(() => alice.of('typingChanged').some((e) => e.convId === convId && e.users.some((u) => u.id === bobUser.id)), 'typing at alice');
    await bob.messenger.setTyping({ convId, typing: false });
    await waitFor(() => alice.of('typingChanged').at(-1)?.users.length === 0, 'typing cleared');

    expect(await alice.messenger.findUsers({ prefix: 'bo' })).toEqual([{ id: bobUser.id, username: 'bob' }]);
    const presence = await alice.messenger.getPresence({ userIds: [bobUser.id] });
    expect(presence).toEqual([expect.objectContaining({ userId: bobUser.id, online: true })]);

    const group = await alice.messenger.createGroup({ title: 'Book club', memberIds: [bobUser.id] });
    expect(group).toMatchObject({ kind: 'group', title: 'Book club' });
    await waitFor(async () => (await bob.messenger.listConversations()).some((c) => c.id === group.id), 'the group at bob');
    const renamed = await alice.messenger.renameGroup({ convId: group.id, title: 'Reading club' });
    expect(renamed.title).toBe('Reading club');
    await waitFor(async () => (await bob.messenger.listConversations()).find((c) => c.id === group.id)?.title === 'Reading club', 'the rename at bob');
    await bob.messenger.leaveConversation({ convId: group.id });
    await waitFor(async () => (await bob.messenger.listConversations()).find((c) => c.id === group.id)?.left, 'bob has left');
    expect(aliceUser.username).toBe('alice');
  });

  it('pushes settings, mute, drafts, open requests and presence changes as contract events', async () => {
    const { alice, bob, convId, bobUser } = await pair();
    const settings = await alice.messenger.updateSettings({ theme: 'dark', doNotDisturb: true });
    expect(settings).toMatchObject({ theme: 'dark', doNotDisturb: true });
    expect(alice.of('settingsChanged').at(-1)).toEqual(settings);
    expect(await alice.messenger.getSettings()).toEqual(settings);

    await alice.messenger.setDraft({ convId, text: 'half a thought' });
    expect(await alice.messenger.getDraft({ convId })).toBe('half a thought');
    expect(alice.of('conversationsChanged').at(-1)?.conversations.find((c) => c.id === convId)?.hasDraft).toBe(true);

    await waitFor(async () => (await bob.messenger.listConversations()).some((c) => c.id === convId), 'the conversation at bob');
    await bob.messenger.sendMessage({ convId, text: 'ping' });
    await waitFor(() => alice.messenger.totalUnread() === 1, 'one unread');
    expect(await alice.messenger.setMuted({ convId, muted: true })).toMatchObject({ id: convId, muted: true, unread: 1 });
    expect(alice.messenger.totalUnread()).toBe(0);

    alice.messenger.requestOpenConversation(convId);
    expect(alice.of('openConversation')).toEqual([{ convId }]);
    await alice.messenger.setActiveConversation({ convId });
    expect(alice.messenger.getActiveConversation()).toBe(convId);

    await bob.dispose();
    await waitFor(() => alice.of('presenceChanged').some((p) => p.userId === bobUser.id && !p.online), 'bob offline presence');
  });

  it('finds messages through the Messenger search, scoped and after edits', async () => {
    const { alice, bob, convId } = await pair();
    const first = await alice.messenger.sendMessage({ convId, text: 'the quick brown fox' });
    await alice.messenger.sendMessage({ convId, text: 'lazy dogs sleep' });
    await waitFor(async () => (await bob.texts(convId)).length === 2, 'both messages at bob');
    const hits = await bob.messenger.searchMessages({ query: 'qui', limit: 10 });
    expect(hits.map((hit) => hit.messageId)).toEqual([first.id]);
    expect(hits[0]!.snippet.some((part) => part.match && part.text.toLowerCase().startsWith('qui'))).toBe(true);
    await alice.messenger.editMessage({ messageId: first.id, text: 'the slow brown fox' });
    await waitFor(async () => (await bob.messenger.searchMessages({ query: 'quick', limit: 10 })).length === 0, 'the edit to reach the index');
    expect(await bob.messenger.searchMessages({ query: 'slow', convId, limit: 10 })).toHaveLength(1);
    expect(await bob.messenger.searchMessages({ query: 'slow', convId: 'elsewhere', limit: 10 })).toHaveLength(0);
  });

  it('maps sign-in failures to ParleyError codes', async () => {
    h = new Harness();
    const server = await h.server();
    const first = await h.engine();
    await first.signUp(server, 'carol');
    const second = await h.engine();
    await expect(second.signUp(server, 'carol')).rejects.toMatchObject({ code: 'username_taken' });
    await expect(second.messenger.signIn({ server: server.url, username: 'carol', password: 'wrong password', staySignedIn: false })).rejects.toMatchObject({
      code: 'auth_failed',
    });
    const closed = await h.server();
    const deadUrl = closed.url;
    await closed.close();
    const unreachable = await second.signIn(deadUrl, 'carol').catch((error: unknown) => error);
    expect(unreachable).toBeInstanceOf(ParleyError);
    expect(unreachable).toMatchObject({ code: 'server_unreachable' });
    expect(await second.messenger.getConnection()).toMatchObject({ state: 'offline' });
    // None of the failures left a session behind; a correct sign-in still works.
    expect(await second.messenger.getSession()).toMatchObject({ signedIn: false });
    await expect(second.signIn(server, 'carol', false)).resolves.toMatchObject({ username: 'carol' });
    await expect(second.messenger.findUsers({ prefix: 'x' })).resolves.toEqual([]);
  });

  it('rejects calls that need the server while offline, and keeps sends queued', async () => {
    const { server, alice, convId } = await pair();
    await server.close();
    await waitFor(async () => (await alice.messenger.getConnection()).state !== 'online', 'alice offline');
    await expect(alice.messenger.findUsers({ prefix: 'b' })).rejects.toMatchObject({ code: 'offline' });
    const queued = await alice.messenger.sendMessage({ convId, text: 'later' });
    expect(queued.status).toBe('pending');
  });
});
