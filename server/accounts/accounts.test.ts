import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseCode, ErrorCode, PROTOCOL_VERSION } from '../../shared/protocol';
import { type CallError } from '../testing/client';
import { TestServer } from '../testing/harness';

let server: TestServer;
beforeEach(async () => {
  server = await TestServer.start({ supportBot: false });
});
afterEach(() => server.stop());

const rejection = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as CallError);

describe('accounts', () => {
  it('registers, then signs in with the password on another socket', async () => {
    const alice = await server.register('alice');
    expect(alice.user.username).toBe('alice');
    expect(alice.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const other = await server.connect();
    const session = await other.login('alice');
    expect(session.user).toEqual(alice.user);
    expect(session.token).not.toBe(alice.token);
    expect(await other.call('ping', {})).toHaveProperty('ts');
  });

  it('refuses a taken username, and the reserved support name', async () => {
    await server.register('alice');
    const client = await server.connect();
    expect((await rejection(client.register('alice')))?.code).toBe(ErrorCode.UsernameTaken);
    expect((await rejection(client.register('support')))?.code).toBe(ErrorCode.UsernameTaken);
  });

  it('answers a wrong password and an unknown user with the same error, without closing', async () => {
    await server.register('alice');
    const client = await server.connect();
    const wrong = await rejection(client.login('alice', 'not the password'));
    const unknown = await rejection(client.login('nobody', 'not the password'));
    expect(wrong?.code).toBe(ErrorCode.AuthFailed);
    expect(unknown?.code).toBe(ErrorCode.AuthFailed);
    expect(wrong?.message).toBe(unknown?.message);
    await client.login('alice');
  });

  it('resumes with a token; a revoked token is refused with close 4002', async () => {
    const alice = await server.register('alice');
    const device = await server.device(alice.token);
    expect((await device.call('conversations', {})).conversations).toEqual([]);

    const otherSession = await (await server.connect()).login('alice');
    await alice.client.call('logout', {});
    expect((await alice.client.closed).code).toBe(CloseCode.SignedOut);
    expect((await device.closed).code).toBe(CloseCode.SignedOut);

    const again = await server.connect();
    expect((await rejection(again.resume(alice.token)))?.code).toBe(ErrorCode.TokenInvalid);
    expect((await again.closed).code).toBe(CloseCode.AuthFailed);
    // Other sessions of the same user are untouched.
    await (await server.connect()).resume(otherSession.token);
  });

  it('refuses an expired token with token_expired and close 4002', async () => {
    await server.stop();
    server = await TestServer.start({ supportBot: false, limits: { sessionTtlMs: 200 } });
    const alice = await server.register('alice');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const client = await server.connect();
    expect((await rejection(client.resume(alice.token)))?.code).toBe(ErrorCode.TokenExpired);
    expect((await client.closed).code).toBe(CloseCode.AuthFailed);
  });

  it('refuses another protocol version with close 4005', async () => {
    const client = await server.connect();
    const answer = await client.callRaw('login', { v: PROTOCOL_VERSION + 1, username: 'alice', password: 'whatever123' });
    expect(answer).toMatchObject({ type: 'error', code: ErrorCode.UnsupportedVersion });
    expect((await client.closed).code).toBe(CloseCode.UnsupportedVersion);
  });

  it('refuses a second authentication on the same socket', async () => {
    const alice = await server.register('alice');
    expect((await rejection(alice.client.login('alice')))?.code).toBe(ErrorCode.AlreadyAuthenticated);
  });

  it('finds users by name prefix, without the caller', async () => {
    const alice = await server.register('alice');
    await server.register('alex');
    await server.register('bob');
    const { users } = await alice.client.call('findUsers', { prefix: 'al' });
    expect(users.map((user) => user.username)).toEqual(['alex']);
  });
});
