import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../shared/domain';
import { Harness, waitFor, type Engine, type TestServer } from './harness';

let h: Harness;
afterEach(async () => {
  await h.dispose();
});

const noRateLimit = { rateBurst: 100_000, ratePerSecond: 100_000 };

async function setup(options: { limits?: typeof noRateLimit } = {}) {
  h = new Harness();
  const server = await h.server(options);
  const alice = await h.engine();
  const bob = await h.engine();
  await alice.signUp(server, 'alice');
  const bobUser = await bob.signUp(server, 'bob');
  await alice.online();
  await bob.online();
  const convId = (await alice.messenger.createDirect({ userId: bobUser.id })).id;
  await waitFor(async () => (await bob.messenger.listConversations()).some((c) => c.id === convId), 'the conversation at bob');
  return { server, alice, bob, convId };
}

/** The same server again: same data dir, same port. */
const restart = (server: TestServer) => h.server({ dataDir: server.dataDir, port: server.port, limits: noRateLimit });

function expectExactlyOnceInOrder(messages: Message[], texts: string[]): void {
  const ids = messages.map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(messages.filter((m) => m.system === null).map((m) => m.text)).toEqual(texts);
  const seqs = messages.map((m) => m.seq);
  expect(seqs.every((seq) => seq !== null)).toBe(true);
  expect([...seqs].sort((a, b) => a! - b!)).toEqual(seqs);
}

async function everyoneHas(engines: Engine[], convId: string, texts: string[]): Promise<void> {
  for (const engine of engines) {
    await waitFor(async () => (await engine.texts(convId)).length >= texts.length && (await engine.history(convId)).every((m) => m.seq !== null), 'all messages', 15_000);
    expectExactlyOnceInOrder(await engine.history(convId), texts);
  }
}

describe('outages', () => {
  it('messages sent while the server is down arrive once, in order, after it comes back', async () => {
    const { server, alice, bob, convId } = await setup();
    const before = await alice.messenger.sendMessage({ convId, text: 'before' });
    await waitFor(async () => (await alice.history(convId)).find((m) => m.id === before.id)?.status !== 'pending', 'the first message sent');
    await server.close();
    await waitFor(async () => (await alice.messenger.getConnection()).state === 'offline', 'alice offline');
    const offline = ['one', 'two', 'three', 'four', 'five'];
    for (const text of offline) await alice.messenger.sendMessage({ convId, text });
    await bob.messenger.sendMessage({ convId, text: 'bob was offline too' });
    expect((await alice.history(convId)).filter((m) => m.status === 'pending')).toHaveLength(5);

    await restart(server);
    await alice.online();
    await bob.online();
    await waitFor(async () => (await alice.texts(convId)).length === 7 && (await bob.texts(convId)).length === 7, 'both sides complete', 15_000);
    const aliceView = await alice.history(convId);
    const bobView = await bob.history(convId);
    expect(aliceView.map((m) => m.id)).toEqual(bobView.map((m) => m.id));
    const aliceTexts = aliceView.filter((m) => m.system === null).map((m) => m.text).filter((t) => t !== 'bob was offline too');
    expect(aliceTexts).toEqual(['before', ...offline]);
    expectExactlyOnceInOrder(bobView, bobView.filter((m) => m.system === null).map((m) => m.text));
    // The connection reported the outage and the recovery through connectionChanged.
    const states = alice.of('connectionChanged').map((s) => s.state);
    expect(states).toContain('offline');
    expect(states.at(-1)).toBe('online');
  });

  it('an engine disposed with pending messages sends them exactly once from a new engine on the same profile', async () => {
    const { server, alice, bob, convId } = await setup();
    await server.close();
    const texts = Array.from({ length: 12 }, (_, i) => `queued ${i}`);
    for (const text of texts) await alice.messenger.sendMessage({ convId, text });
    await alice.dispose();

    await restart(server);
    const reopened = await h.engine({ profileDir: alice.profileDir });
    expect(await reopened.messenger.getSession()).toMatchObject({ signedIn: true, user: { username: 'alice' } });
    await reopened.online();
    await everyoneHas([reopened, bob], convId, texts);
  });

  it('survives a server restart in the middle of a long sync', async () => {
    const { server, alice, bob, convId } = await setup({ limits: noRateLimit });
    await bob.dispose();
    const texts = Array.from({ length: 300 }, (_, i) => `m${i}`);
    for (const text of texts) await alice.messenger.sendMessage({ convId, text });
    await waitFor(async () => (await alice.history(convId)).every((m) => m.status !== 'pending'), 'all sent', 20_000);

    const slowBob = await h.engine({ profileDir: bob.profileDir, extra: { tuning: { syncPageSize: 3, receiptDebounceMs: 20 } } });
    await waitFor(() => slowBob.of('connectionChanged').some((s) => s.state === 'syncing' && s.sync !== null && s.sync.applied >= 30), 'sync under way');
    const before = slowBob.of('connectionChanged').filter((s) => s.state === 'syncing').at(-1)!.sync!.applied;
    expect(before).toBeLessThan(texts.length);
    await server.close();
    await restart(server);
    await slowBob.online(20_000);
    await everyoneHas([slowBob], convId, texts);
    // The restarted sync resumed from the stored cursor instead of starting over.
    const afterRestart = slowBob.of('connectionChanged').filter((s) => s.state === 'online').at(-1)!.sync!.applied;
    expect(afterRestart).toBeLessThan(texts.length);
  });
});
