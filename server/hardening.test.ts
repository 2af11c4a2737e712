import { ulid } from 'ulid';
import { afterEach, describe, expect, it } from 'vitest';
import { CloseCode, ErrorCode, MAX_FRAME_BYTES } from '../shared/protocol';
import type { ServerLimits } from './config';
import type { TestClient } from './testing/client';
import { groupOf, say } from './testing/fixtures';
import { TestServer } from './testing/harness';

let server: TestServer;
afterEach(() => server.stop());

const start = async (limits: Partial<ServerLimits> = {}) => {
  server = await TestServer.start({ supportBot: false, limits });
};

/** After any abuse, an ordinary client can still register, post and sync. */
async function stillServes(): Promise<void> {
  const { people, conv } = await groupOf(server, [`ok${ulid().slice(-8).toLowerCase()}`, `ok${ulid().slice(-8).toLowerCase()}`]);
  await say(people[0]!.client, conv.id, 'still here');
  await people[1]!.client.waitForEvent((e) => e.body.kind === 'message' && e.body.text === 'still here');
}

const lastError = (client: TestClient) => client.errorsWithoutId.at(-1);

describe('bad input', () => {
  it('answers malformed, mistyped and unknown calls with error frames and keeps the socket', async () => {
    await start();
    const client = await server.connect();
    client.sendRaw('this is not json');
    await client.waitUntil(() => client.errorsWithoutId.length === 1);
    expect(lastError(client)).toMatchObject({ type: 'error', code: ErrorCode.BadFrame });
    client.sendRaw(JSON.stringify([1, 2, 3]));
    client.sendRaw(Buffer.from([1, 2, 3]), true);
    await client.waitUntil(() => client.errorsWithoutId.length === 3);
    expect(client.errorsWithoutId.map((e) => e.type === 'error' && e.code)).toEqual([ErrorCode.BadFrame, ErrorCode.BadFrame, ErrorCode.BadFrame]);

    expect(await client.callRaw('explode', {})).toMatchObject({ code: ErrorCode.UnknownMethod });
    expect(await client.callRaw('login', { v: 1, username: 42, password: null })).toMatchObject({ code: ErrorCode.InvalidParams });
    expect(await client.callRaw('sync', { after: 0 })).toMatchObject({ code: ErrorCode.Unauthenticated });
    await client.register('alice');
    expect(await client.callRaw('sync', { after: -1 })).toMatchObject({ code: ErrorCode.InvalidParams });
    expect(await client.callRaw('post', { convId: 'x', id: 'has spaces', body: { kind: 'message', text: 'hi' } })).toMatchObject({
      code: ErrorCode.InvalidParams,
    });
    expect(await client.callRaw('post', { convId: 'x', id: ulid(), body: { kind: 'message', text: 'é'.repeat(9000) } })).toMatchObject({
      code: ErrorCode.InvalidParams,
    });
    expect((await client.call('ping', {})).ts).toBeGreaterThan(0);
    await stillServes();
  });

  it('closes a socket that keeps sending bad frames (4000) and one that sends an oversized frame (1009)', async () => {
    await start({ maxBadFrames: 5 });
    const noisy = await server.connect();
    for (let i = 0; i < 5; i++) noisy.sendRaw('{');
    expect((await noisy.closed).code).toBe(CloseCode.ProtocolError);

    const big = await server.connect();
    big.sendRaw(JSON.stringify({ type: 'call', id: 1, method: 'ping', params: { pad: 'x'.repeat(MAX_FRAME_BYTES) } }));
    expect((await big.closed).code).toBe(CloseCode.TooLarge);
    await stillServes();
  });

  it('closes a socket that does not authenticate in time (4001)', async () => {
    await start({ authTimeoutMs: 150 });
    const idle = await server.connect();
    expect(idle.hello?.authTimeoutMs).toBe(150);
    const early = await server.connect();
    await early.register('alice');
    expect((await idle.closed).code).toBe(CloseCode.AuthTimeout);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(early.closedWith).toBeNull();
    await stillServes();
  });

  it('rate limits a flood with retryAfterMs, then closes it (4003) if it does not stop', async () => {
    await start({ rateBurst: 20, ratePerSecond: 5, rateMaxRejected: 10 });
    const flood = await server.register('flood');
    const answers = await Promise.all(Array.from({ length: 25 }, () => flood.client.callRaw('ping', {})));
    const limited = answers.filter((a) => a.type === 'error');
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ code: ErrorCode.RateLimited, retryAfterMs: expect.any(Number) });
    // A client that waits as told gets through again.
    await new Promise((resolve) => setTimeout(resolve, (limited[0] as { retryAfterMs: number }).retryAfterMs + 10));
    expect(await flood.client.callRaw('ping', {})).toMatchObject({ type: 'result' });
    for (let i = 0; i < 40; i++) void flood.client.callRaw('ping', {});
    expect((await flood.client.closed).code).toBe(CloseCode.RateLimited);
    await stillServes();
  });

  it('keeps one socket\'s posts in the order sent when one of them is rate limited (go-back-N)', async () => {
    await start({ rateBurst: 6, ratePerSecond: 20 });
    const { people, conv } = await groupOf(server, ['alice', 'bob']);
    const alice = people[0]!.client;
    const post = (id: string) => alice.callRaw('post', { convId: conv.id, id, body: { kind: 'message', text: id } });
    const ids = Array.from({ length: 12 }, () => ulid());
    const first = await Promise.all(ids.map(post));
    const refusedAt = first.findIndex((answer) => answer.type === 'error');
    expect(first[refusedAt]).toMatchObject({ code: ErrorCode.RateLimited });
    // Tokens refill while the refused post waits: a later post must still not overtake it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await post(ids[refusedAt + 1]!)).toMatchObject({ type: 'error', code: ErrorCode.OutOfOrder });
    // Sending again from the refused one, in order, is accepted.
    for (const id of ids.slice(refusedAt)) {
      const answer = await post(id);
      if (answer.type === 'error' && answer.code === ErrorCode.RateLimited) {
        await new Promise((resolve) => setTimeout(resolve, (answer.retryAfterMs ?? 50) + 5));
        expect(await post(id)).toMatchObject({ type: 'result' });
      } else expect(answer).toMatchObject({ type: 'result' });
    }
    const stored = (await people[1]!.client.syncAll()).events.filter((e) => e.body.kind === 'message' && e.senderId === people[0]!.user.id);
    expect(stored.map((e) => e.id)).toEqual(ids);
  });

  it('drops a slow consumer whose send buffer overflows, and the others do not notice', async () => {
    await start({ maxBufferedBytes: 512 * 1024 });
    const { people, conv } = await groupOf(server, ['alice', 'slow']);
    const [alice, slow] = people;
    const text = 'y'.repeat(15_000);
    for (let i = 0; i < 40; i++) await say(alice!.client, conv.id, text);
    // Stop reading, keep asking for the whole history.
    (slow!.client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 150; i++) slow!.client.sendRaw(JSON.stringify({ type: 'call', id: 1000 + i, method: 'sync', params: { after: 0 } }));
    await alice!.client.waitUntil(() => alice!.client.presenceFrames().some((p) => p.userId === slow!.user.id && !p.online), 10_000);
    await say(alice!.client, conv.id, 'after the slow one');
    await stillServes();
  });

  it('terminates a peer that stops answering pings', async () => {
    await start({ pingIntervalMs: 100 });
    const { people } = await groupOf(server, ['alice', 'ghost']);
    const [alice, ghost] = people;
    (ghost!.client.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    await alice!.client.waitUntil(() => alice!.client.presenceFrames().some((p) => p.userId === ghost!.user.id && !p.online), 5_000);
    expect(alice!.client.closedWith).toBeNull();
  });

  it('refuses connections over the per-address cap with HTTP 429, and serves /healthz', async () => {
    await start({ maxConnectionsPerIp: 3 });
    const open = await Promise.all([server.connect(), server.connect(), server.connect()]);
    await expect(server.connect()).rejects.toThrow('HTTP 429');
    await open[0]!.close();
    await open[1]!.close();
    await stillServes();
    const health = await fetch(server.url.replace('ws://', 'http://') + '/healthz');
    expect(health.status).toBe(200);
    expect((await fetch(server.url.replace('ws://', 'http://') + '/other')).status).toBe(404);
  });
});
