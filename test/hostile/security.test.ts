import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode, ErrorCode } from '../../shared/protocol';
import { PASSWORD, startTestServer } from './server-fixture';
import { WireCallError, WireClient } from './wire-client';

/** Resolves with the error code a call was refused with; fails the test if the call succeeded. */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    const result = await call;
    throw new Error(`expected a refusal, got ${JSON.stringify(result)}`);
  } catch (error) {
    if (error instanceof WireCallError) return error.code;
    throw error;
  }
}

describe('security: conversations are visible to their members only', () => {
  let fixture: Awaited<ReturnType<typeof startTestServer>>;
  const clients: WireClient[] = [];
  let alice: WireClient;
  let bob: WireClient;
  let mallory: WireClient;
  let ids: { alice: string; bob: string; mallory: string; direct: string; group: string; secret: string };

  const connect = async (name: string) => {
    const client = await WireClient.open(fixture.server.url);
    clients.push(client);
    const session = await client.register(name, PASSWORD);
    return { client, id: session.user.id };
  };

  beforeAll(async () => {
    fixture = await startTestServer();
    const a = await connect('alice');
    const b = await connect('bob');
    const m = await connect('mallory');
    alice = a.client;
    bob = b.client;
    mallory = m.client;
    const direct = (await alice.call('createDirect', { userId: b.id })).conv.id;
    const group = (await alice.call('createGroup', { id: 'secret-group-1', title: 'plans', memberIds: [b.id] })).conv.id;
    const ack = await alice.call('post', { convId: group, id: 'secret-message-1', body: { kind: 'message', text: 'the secret' } });
    ids = { alice: a.id, bob: b.id, mallory: m.id, direct, group, secret: ack.id };
    // After a first sync each socket receives live events.
    for (const client of [alice, bob, mallory]) await client.call('sync', { after: 0 });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await fixture?.dispose();
  });

  it('refuses every call on a conversation the caller is not in as not_found, whatever the forged id', async () => {
    for (const convId of [ids.direct, ids.group]) {
      expect(await refusal(mallory.call('post', { convId, id: `m-${convId}`, body: { kind: 'message', text: 'hi' } }))).toBe(ErrorCode.NotFound);
      expect(await refusal(mallory.call('receipt', { convId, receipt: 'read', upTo: 1 }))).toBe(ErrorCode.NotFound);
      expect(await refusal(mallory.call('typing', { convId, on: true }))).toBe(ErrorCode.NotFound);
      expect(await refusal(mallory.call('addMembers', { convId, userIds: [ids.mallory] }))).toBe(ErrorCode.NotFound);
      expect(await refusal(mallory.call('removeMember', { convId, userId: ids.bob }))).toBe(ErrorCode.NotFound);
      expect(await refusal(mallory.call('rename', { convId, title: 'mine' }))).toBe(ErrorCode.NotFound);
      expect(await refusal(mallory.call('leave', { convId }))).toBe(ErrorCode.NotFound);
    }
  });

  it('never lists, syncs or pushes events of a conversation the caller is not in', async () => {
    const { conversations } = await mallory.call('conversations', {});
    expect(conversations.map((conv) => conv.id)).not.toContain(ids.direct);
    expect(conversations.map((conv) => conv.id)).not.toContain(ids.group);
    const page = await mallory.call('sync', { after: 0, limit: 500 });
    expect(page.events.filter((event) => event.convId === ids.direct || event.convId === ids.group)).toEqual([]);
    await alice.call('post', { convId: ids.group, id: 'secret-message-2', body: { kind: 'message', text: 'still secret' } });
    await bob.waitForEvents((events) => events.some((event) => event.id === 'secret-message-2'));
    expect(mallory.events.filter((event) => event.convId === ids.group)).toEqual([]);
  });

  it('does not leak presence to users who share no conversation', async () => {
    const { presence } = await mallory.call('presence', { userIds: [ids.alice, ids.bob] });
    for (const info of presence) expect(info).toMatchObject({ online: false, lastSeen: null });
  });

  it('does not hand over a group or an acknowledgement when an id is reused by someone else', async () => {
    // createGroup is idempotent by id: the same id from another user must not return (or join) alice's group.
    const reuse = await mallory.call('createGroup', { id: 'secret-group-1', title: 'mine', memberIds: [] }).then(
      (result) => ({ ok: true as const, conv: result.conv }),
      (error: unknown) => ({ ok: false as const, code: (error as WireCallError).code }),
    );
    if (reuse.ok) {
      expect(reuse.conv.id).not.toBe(ids.group);
      expect(reuse.conv.members.map((member) => member.id)).toEqual([ids.mallory]);
    } else {
      expect([ErrorCode.Conflict, ErrorCode.NotFound]).toContain(reuse.code);
    }
    // post is idempotent by id: replaying alice's event id in mallory's own conversation must not return her ack.
    const own = (await mallory.call('createGroup', { id: 'mallory-own-1', title: 'own', memberIds: [] })).conv.id;
    expect(await refusal(mallory.call('post', { convId: own, id: ids.secret, body: { kind: 'message', text: 'x' } }))).toBe(ErrorCode.Conflict);
    // Edits, deletions and reactions aimed at her message from outside are refused too.
    for (const body of [
      { kind: 'edit' as const, target: ids.secret, text: 'changed' },
      { kind: 'delete' as const, target: ids.secret },
      { kind: 'reaction' as const, target: ids.secret, emoji: '👍', on: true },
    ]) {
      expect([ErrorCode.NotFound, ErrorCode.Forbidden]).toContain(await refusal(mallory.call('post', { convId: own, id: `x-${body.kind}`, body })));
      expect(await refusal(mallory.call('post', { convId: ids.group, id: `y-${body.kind}`, body }))).toBe(ErrorCode.NotFound);
    }
    const page = await bob.call('sync', { after: 0, limit: 500 });
    const secret = page.events.find((event) => event.id === ids.secret);
    expect(secret?.body).toEqual({ kind: 'message', text: 'the secret' });
    expect(page.events.filter((event) => event.senderId === ids.mallory)).toEqual([]);
  });

  it('stops showing a group to a member once removed', async () => {
    const carol = await connect('carol');
    await alice.call('addMembers', { convId: ids.group, userIds: [carol.id] });
    await carol.client.call('sync', { after: 0 });
    await alice.call('removeMember', { convId: ids.group, userId: carol.id });
    await alice.call('post', { convId: ids.group, id: 'after-removal-1', body: { kind: 'message', text: 'carol must not see this' } });
    await bob.waitForEvents((events) => events.some((event) => event.id === 'after-removal-1'));
    const page = await carol.client.call('sync', { after: 0, limit: 500 });
    expect(page.events.some((event) => event.id === 'after-removal-1')).toBe(false);
    expect(carol.client.events.some((event) => event.id === 'after-removal-1')).toBe(false);
    expect(await refusal(carol.client.call('post', { convId: ids.group, id: 'carol-late', body: { kind: 'message', text: 'hi' } }))).toBe(ErrorCode.NotFound);
  });

  it('stores and returns a message with HTML and script as the exact text', async () => {
    const text = `<script>alert("x")</script><img src=x onerror="alert(1)"> &lt;b&gt; ${'<'.repeat(3)} \u202e`;
    const ack = await alice.call('post', { convId: ids.direct, id: 'html-message-1', body: { kind: 'message', text } });
    await bob.waitForEvents((events) => events.some((event) => event.id === ack.id));
    const live = bob.events.find((event) => event.id === ack.id);
    expect(live?.body).toEqual({ kind: 'message', text });
    const page = await bob.call('sync', { after: ack.seq - 1 });
    expect(page.events.find((event) => event.id === ack.id)?.body).toEqual({ kind: 'message', text });
  });
});

describe('security: replayed, revoked, expired and forged tokens', () => {
  let fixture: Awaited<ReturnType<typeof startTestServer>>;

  beforeAll(async () => {
    fixture = await startTestServer({ sessionTtlMs: 1_500 });
  });
  afterAll(async () => {
    await fixture?.dispose();
  });

  it('refuses a token after logout, after expiry, and a forged one, closing with 4002', async () => {
    const first = await WireClient.open(fixture.server.url);
    const session = await first.register('tokenuser', PASSWORD);
    await first.call('logout', {});
    expect(await first.whenClosed()).toBe(CloseCode.SignedOut);

    const replay = await WireClient.open(fixture.server.url);
    expect(await refusal(replay.resume(session.token))).toBe(ErrorCode.TokenInvalid);
    expect(await replay.whenClosed()).toBe(CloseCode.AuthFailed);

    const forged = await WireClient.open(fixture.server.url);
    expect(await refusal(forged.resume(randomBytes(32).toString('base64url')))).toBe(ErrorCode.TokenInvalid);
    expect(await forged.whenClosed()).toBe(CloseCode.AuthFailed);

    const fresh = await WireClient.open(fixture.server.url);
    const short = await fresh.login('tokenuser', PASSWORD);
    fresh.close();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const late = await WireClient.open(fixture.server.url);
    expect(await refusal(late.resume(short.token))).toBe(ErrorCode.TokenExpired);
    expect(await late.whenClosed()).toBe(CloseCode.AuthFailed);
    for (const client of [first, replay, forged, late]) client.close();
  });

  it('answers calls before authentication with unauthenticated and never with data', async () => {
    const anonymous = await WireClient.open(fixture.server.url);
    try {
      expect(await refusal(anonymous.call('sync', { after: 0 }))).toBe(ErrorCode.Unauthenticated);
      expect(await refusal(anonymous.call('conversations', {}))).toBe(ErrorCode.Unauthenticated);
      expect(await refusal(anonymous.call('findUsers', { prefix: 'tok' }))).toBe(ErrorCode.Unauthenticated);
      expect(await refusal(anonymous.call('post', { convId: 'x', id: 'y', body: { kind: 'message', text: 'z' } }))).toBe(ErrorCode.Unauthenticated);
      expect(anonymous.events).toEqual([]);
    } finally {
      anonymous.close();
    }
  });
});
