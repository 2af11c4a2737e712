import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FileSessionVault } from '../../main/core/index';
import { FaultProxy } from '../fault-proxy/proxy';
import { Harness, sleep, waitFor } from './harness';

let h: Harness;
afterEach(async () => {
  await h.dispose();
});

async function proxied(options: { sessionTtlMs?: number } = {}) {
  h = new Harness();
  const server = await h.server(options.sessionTtlMs ? { limits: { sessionTtlMs: options.sessionTtlMs } } : {});
  const proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port: server.port } });
  h.defer(() => proxy.close());
  return { server, proxy };
}

/** Tries a token on a raw socket and returns the server's answer frame. */
async function resumeWith(url: string, token: string): Promise<unknown> {
  const ws = new WebSocket(url);
  try {
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answer = new Promise<unknown>((resolve) =>
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { type: string; id?: number };
        if (frame.id === 1) resolve(frame);
      }),
    );
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'resume', params: { v: 1, token } }));
    return await answer;
  } finally {
    ws.terminate();
  }
}

describe('half-open connections and dead sessions', () => {
  it('detects a connection that silently stops carrying anything and reconnects', async () => {
    const { server, proxy } = await proxied();
    const alice = await h.engine();
    const bob = await h.engine();
    await alice.signUp(server, 'alice');
    const bobUser = await bob.signUp(proxy.url, 'bob');
    await alice.online();
    await bob.online();
    const convId = (await alice.messenger.createDirect({ userId: bobUser.id })).id;

    const [link] = proxy.links();
    link!.blackhole();
    await alice.messenger.sendMessage({ convId, text: 'into the void?' });
    await waitFor(() => bob.of('connectionChanged').some((s) => s.reason.includes('half-open')), 'the watchdog to fire', 10_000);
    await bob.online();
    expect(proxy.counts.connections).toBeGreaterThanOrEqual(2);
    // The reconnect's sync brings what the dead link swallowed.
    await waitFor(async () => (await bob.texts(convId)).includes('into the void?'), 'the message after reconnecting');
  });

  it('a dead token stops the engine without a retry loop, keeps the history, and sign-out still works', async () => {
    const { server, proxy } = await proxied({ sessionTtlMs: 1_000 });
    const alice = await h.engine();
    const user = await alice.signUp(proxy.url, 'alice');
    await alice.online();
    await sleep(1_100);
    proxy.resetAll();

    await waitFor(() => alice.of('sessionChanged').some((s) => !s.signedIn && s.reason === 'session expired'), 'session expired');
    const connections = proxy.counts.connections;
    await sleep(600);
    expect(proxy.counts.connections).toBe(connections);
    expect(await alice.messenger.getConnection()).toMatchObject({ state: 'offline', retryAt: null });
    expect(await alice.messenger.getSession()).toMatchObject({ signedIn: false, lastUsername: 'alice', lastServer: proxy.url });
    // The renderer never sees the token: not in the session state, not in any event.
    expect(JSON.stringify(alice.events)).not.toMatch(/"token"/);

    await expect(alice.messenger.signOut()).resolves.toBeNull();
    expect(await alice.messenger.getSession()).toMatchObject({ signedIn: false, reason: null });
    await sleep(300);
    expect(proxy.counts.connections).toBe(connections);

    // Signing in again works and gets a fresh token.
    await expect(alice.signIn(proxy.url, 'alice')).resolves.toEqual(user);
    await alice.online();
    expect(server.url).toContain('ws://');
  });

  it('restores a remembered session on the next start, and forgets it when the user did not want to stay signed in', async () => {
    h = new Harness();
    const server = await h.server();
    const remembered = await h.engine();
    await remembered.signUp(server, 'dora', true);
    await remembered.dispose();
    const again = await h.engine({ profileDir: remembered.profileDir });
    expect(await again.messenger.getSession()).toMatchObject({ signedIn: true, user: { username: 'dora' } });
    await again.online();

    const forgetful = await h.engine();
    await forgetful.signUp(server, 'eve', false);
    await forgetful.online();
    await forgetful.dispose();
    const later = await h.engine({ profileDir: forgetful.profileDir });
    expect(await later.messenger.getSession()).toMatchObject({ signedIn: false, lastUsername: 'eve', lastServer: server.url, secureStorage: 'plaintext' });
  });

  it('signing out revokes the token on the server and wipes the local data', async () => {
    h = new Harness();
    const server = await h.server();
    const frank = await h.engine();
    await frank.signUp(server, 'frank');
    const grace = await h.engine();
    const graceUser = await grace.signUp(server, 'grace');
    await frank.online();
    const conv = await frank.messenger.createDirect({ userId: graceUser.id });
    await frank.messenger.sendMessage({ convId: conv.id, text: 'bye' });
    const token = (await new FileSessionVault(frank.profileDir).load())!.token;
    await frank.messenger.signOut();
    expect(await new FileSessionVault(frank.profileDir).load()).toBeNull();
    expect(await resumeWith(server.url, token)).toMatchObject({ type: 'error', code: 'token_invalid' });
    expect(await frank.messenger.listConversations()).toEqual([]);
    expect(await frank.messenger.getConnection()).toMatchObject({ state: 'offline' });
    await frank.dispose();
    const reopened = await h.engine({ profileDir: frank.profileDir });
    expect(await reopened.messenger.getSession()).toMatchObject({ signedIn: false });
  });
});
