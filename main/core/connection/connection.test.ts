import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../../shared/domain';
import { silentLogger } from '../logger';
import { Connection, type ConnectionHooks, type Credentials, type TerminalFailure } from './connection';
import { CallError } from './errors';
import { RawRelay, VALID_TOKEN, defaultReply } from './raw-relay.testkit';
import { resolveTimings, type ConnectionTimings } from './timings';
import { sleep, waitFor } from './wait.testkit';

const fast: Partial<ConnectionTimings> = {
  backoffBaseMs: 20,
  backoffCapMs: 100,
  stableAfterMs: 10_000,
  pingIntervalMs: 50,
  watchdogMs: 300,
  callTimeoutMs: 1_000,
  connectTimeoutMs: 1_000,
};

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function relay(...args: Parameters<typeof RawRelay.start>): Promise<RawRelay> {
  const started = await RawRelay.start(...args);
  cleanups.push(() => started.close());
  return started;
}

function connect(url: string, options: { credentials?: Credentials; timings?: Partial<ConnectionTimings>; hooks?: ConnectionHooks; random?: () => number } = {}) {
  const states: ConnectionState[] = [];
  const failures: TerminalFailure[] = [];
  const connection = new Connection({
    url,
    credentials: options.credentials ?? { kind: 'resume', token: VALID_TOKEN },
    timings: resolveTimings({ ...fast, ...options.timings }),
    logger: silentLogger,
    ...(options.random ? { random: options.random } : {}),
    hooks: {
      ...options.hooks,
      stateChanged: (state) => states.push(state),
      terminated: (failure) => failures.push(failure),
    },
  });
  cleanups.push(() => connection.dispose());
  connection.start();
  const names = () => states.map((s) => s.state).filter((name, i, all) => i === 0 || all[i - 1] !== name);
  return { connection, states, failures, names };
}

describe('Connection', () => {
  it('goes connecting → authenticating → syncing → online, reporting sync progress', async () => {
    const server = await relay();
    const { connection, states, names } = connect(server.url, {
      hooks: {
        synchronize: async (report) => {
          report(5);
          report(12);
        },
      },
    });
    await waitFor(() => connection.isOnline, 'online');
    expect(names()).toEqual(['connecting', 'authenticating', 'syncing', 'online']);
    expect(states.filter((s) => s.state === 'syncing').map((s) => s.sync)).toContainEqual({ applied: 12, done: false });
    expect(connection.snapshot.sync).toEqual({ applied: 12, done: true });
    expect(server.calls.map((c) => c.method)).toContain('resume');
  });

  it('measures the round-trip time of application pings', async () => {
    const server = await relay();
    const { connection } = connect(server.url);
    await waitFor(() => connection.snapshot.rttMs !== null, 'an rtt sample');
    expect(connection.snapshot.rttMs).toBeGreaterThanOrEqual(0);
    expect(server.calls.some((c) => c.method === 'ping')).toBe(true);
  });

  it('reconnects with backoff after the server closes the socket, with retryAt while offline', async () => {
    const server = await relay();
    const { connection, states } = connect(server.url);
    await waitFor(() => connection.isOnline, 'online');
    server.closeAll(1001);
    await waitFor(() => states.some((s) => s.state === 'offline' && s.retryAt !== null), 'offline with a retry time');
    await waitFor(() => server.connections === 2 && connection.isOnline, 'online again');
    const offline = states.find((s) => s.state === 'offline' && s.retryAt !== null);
    expect(offline?.reason).toContain('1001');
  });

  it('keeps counting failed attempts while the server is unreachable, and resets only after a stable connection', async () => {
    const server = await relay();
    const url = server.url;
    await server.close();
    const { connection } = connect(url, { timings: { stableAfterMs: 100 } });
    await waitFor(() => connection.failedAttempts >= 3, 'three failed attempts');
    expect(connection.snapshot.state).not.toBe('online');
    const port = Number(new URL(url).port);
    const { WebSocketServer } = await import('ws');
    const revived = new WebSocketServer({ host: '127.0.0.1', port });
    cleanups.push(() => {
      for (const client of revived.clients) client.terminate();
      return new Promise((resolve) => revived.close(resolve));
    });
    revived.on('connection', (socket) =>
      socket.on('message', (data) => {
        const call = JSON.parse(String(data)) as { id: number; method: string; params: Record<string, unknown> };
        const reply = defaultReply(call);
        if (reply !== 'silence' && 'result' in reply) socket.send(JSON.stringify({ type: 'result', id: call.id, result: reply.result }));
      }),
    );
    await waitFor(() => connection.isOnline, 'online after the server came back', 5_000);
    expect(connection.failedAttempts).toBeGreaterThan(0);
    await waitFor(() => connection.failedAttempts === 0, 'backoff reset after stable uptime');
  });

  it('retries at once when the network comes back instead of waiting out the backoff', async () => {
    const server = await relay();
    const { connection } = connect(server.url, { timings: { backoffBaseMs: 60_000, backoffCapMs: 60_000 }, random: () => 0.9 });
    await waitFor(() => connection.isOnline, 'online');
    server.closeAll(1001);
    await waitFor(() => connection.snapshot.state === 'offline', 'offline');
    expect(connection.snapshot.retryAt! - Date.now()).toBeGreaterThan(50_000);
    connection.networkOnline();
    await waitFor(() => connection.isOnline, 'online right after networkOnline', 2_000);
    expect(server.connections).toBe(2);
  });

  it('stops for good when the token is refused: no retry loop with a dead token', async () => {
    const server = await relay();
    const { connection, failures } = connect(server.url, { credentials: { kind: 'resume', token: 'b'.repeat(43) } });
    await waitFor(() => failures.length === 1, 'a terminal failure');
    expect(failures[0]!.code).toBe('session_expired');
    await sleep(300);
    expect(server.connections).toBe(1);
    expect(connection.snapshot).toMatchObject({ state: 'offline', retryAt: null });
  });

  it('stops for good on terminal close codes (signed out elsewhere)', async () => {
    const server = await relay();
    const { connection, failures } = connect(server.url);
    await waitFor(() => connection.isOnline, 'online');
    server.closeAll(4006);
    await waitFor(() => failures.length === 1, 'a terminal failure');
    expect(failures[0]!.code).toBe('signed_out');
    await sleep(300);
    expect(server.connections).toBe(1);
  });

  it('reports wrong passwords as auth_failed and switches to the issued token after a login', async () => {
    const server = await relay();
    const wrong = connect(server.url, { credentials: { kind: 'login', username: 'alice', password: 'wrong password' } });
    await waitFor(() => wrong.failures.length === 1, 'auth failure');
    expect(wrong.failures[0]!.code).toBe('auth_failed');

    const sessions: string[] = [];
    const right = connect(server.url, {
      credentials: { kind: 'login', username: 'alice', password: 'correct horse' },
      hooks: { authenticated: (session) => void sessions.push(`${session.fresh}:${session.token}`) },
    });
    await waitFor(() => right.connection.isOnline, 'online');
    server.closeAll(1001);
    await waitFor(() => server.calls.some((c) => c.method === 'resume'), 'a resume with the issued token');
    expect(server.calls.find((c) => c.method === 'resume')!.params.token).toBe(VALID_TOKEN);
    await waitFor(() => sessions.length === 2, 'second authentication');
    expect(sessions).toEqual([`true:${VALID_TOKEN}`, `false:${VALID_TOKEN}`]);
  });

  it('waits at least retryAfterMs when the server rate-limits authentication, and never loops a rate-limited sign-in', async () => {
    let limited = true;
    const server = await relay((call) => (limited && call.method !== 'ping' ? { error: 'rate_limited', retryAfterMs: 400 } : defaultReply(call)));
    const { connection, states } = connect(server.url, { timings: { backoffBaseMs: 1, backoffCapMs: 1 } });
    await waitFor(() => states.some((s) => s.state === 'offline' && s.retryAt !== null), 'a scheduled retry');
    const failedAt = Date.now();
    const retryAt = states.find((s) => s.state === 'offline' && s.retryAt !== null)!.retryAt!;
    expect(retryAt - failedAt).toBeGreaterThan(300);
    limited = false;
    await waitFor(() => connection.isOnline, 'online after waiting');
    expect(server.connections).toBe(2);

    limited = true;
    const signIn = connect(server.url, { credentials: { kind: 'login', username: 'alice', password: 'correct horse' } });
    await waitFor(() => signIn.failures.length === 1, 'a terminal failure');
    expect(signIn.failures[0]!.code).toBe('rate_limited');
  });

  it('detects a half-open connection (server stops sending anything) and reconnects', async () => {
    let silent = false;
    const server = await relay((call) => (silent ? 'silence' : defaultReply(call)));
    const { connection, states } = connect(server.url);
    await waitFor(() => connection.isOnline, 'online');
    silent = true;
    await waitFor(() => states.some((s) => s.reason.includes('half-open')), 'half-open detection', 3_000);
    silent = false;
    await waitFor(() => server.connections === 2 && connection.isOnline, 'reconnected', 3_000);
  });

  it('validates results, rejects calls in flight on disconnect, and times calls out', async () => {
    const server = await relay((call) => {
      if (call.method === 'findUsers') return { result: { users: [{ id: 'x', username: 'NOT VALID' }] } };
      if (call.method === 'presence') return 'silence';
      if (call.method === 'post') return { error: 'rate_limited', retryAfterMs: 250 };
      return defaultReply(call);
    });
    const { connection } = connect(server.url, { timings: { watchdogMs: 10_000 } });
    await waitFor(() => connection.isOnline, 'online');

    await expect(connection.call('findUsers', { prefix: 'a' })).rejects.toMatchObject({ code: 'bad_result' });
    await expect(connection.call('presence', { userIds: [] }, { timeoutMs: 50 })).rejects.toMatchObject({ code: 'timeout' });
    const limited = await connection.call('post', { convId: 'c', id: 'e', body: { kind: 'message', text: 'hi' } }).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(CallError);
    expect(limited).toMatchObject({ code: 'rate_limited', retryAfterMs: 250, transient: true });

    const inFlight = connection.call('presence', { userIds: [] });
    server.closeAll(1001);
    await expect(inFlight).rejects.toMatchObject({ code: 'disconnected' });
    await expect(connection.call('ping', {})).rejects.toMatchObject({ code: 'disconnected' });
  });

  it('accepts server frames larger than a client frame (a snapshot of a big group)', async () => {
    const members = Array.from({ length: 1000 }, (_, i) => ({ id: `01JD8Q3Z7X9V${String(i).padStart(14, '0')}`, username: `member-with-a-long-name-${i}` }));
    const conv = { id: 'g1', kind: 'group', title: 'everyone', members, createdBy: members[0]!.id, createdAt: 1 };
    const server = await relay((call) => (call.method === 'conversations' ? { result: { conversations: [conv] } } : defaultReply(call)));
    const { connection } = connect(server.url);
    await waitFor(() => connection.isOnline, 'online');
    expect(JSON.stringify(conv).length).toBeGreaterThan(64 * 1024);
    const result = await connection.call('conversations', {});
    expect(result.conversations[0]?.members).toHaveLength(1000);
    expect(connection.isOnline).toBe(true);
  });

  it('ignores malformed frames without crashing', async () => {
    const server = await relay();
    const { connection } = connect(server.url);
    await waitFor(() => connection.isOnline, 'online');
    server.send('not json at all');
    server.send({ type: 'events', events: [{ seq: -1 }] });
    server.send({ type: 'result', id: 999_999, result: {} });
    await expect(connection.call('ping', {})).resolves.toHaveProperty('ts');
    expect(connection.isOnline).toBe(true);
  });

  it('hands live events, typing and presence frames to its owner', async () => {
    const server = await relay();
    const seen: string[] = [];
    const { connection } = connect(server.url, {
      hooks: {
        events: (events) => seen.push(`events:${events.map((e) => e.seq).join(',')}`),
        typing: (frame) => seen.push(`typing:${frame.userId}:${frame.on}`),
        presence: (presence) => seen.push(`presence:${presence.userId}:${presence.online}`),
      },
    });
    await waitFor(() => connection.isOnline, 'online');
    server.send({ type: 'events', events: [{ seq: 7, id: 'e7', convId: 'c', senderId: 'u2', ts: 1, body: { kind: 'message', text: 'hi' } }] });
    server.send({ type: 'typing', convId: 'c', userId: 'u2', on: true });
    server.send({ type: 'presence', presence: { userId: 'u2', online: true, lastSeen: null } });
    await waitFor(() => seen.length === 3, 'three frames');
    expect(seen).toEqual(['events:7', 'typing:u2:true', 'presence:u2:true']);
  });

  it('stop() closes cleanly and never reconnects', async () => {
    const server = await relay();
    const { connection } = connect(server.url);
    await waitFor(() => connection.isOnline, 'online');
    connection.stop('signed out');
    expect(connection.snapshot).toMatchObject({ state: 'offline', reason: 'signed out', retryAt: null });
    await sleep(200);
    expect(server.connections).toBe(1);
  });
});
