import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/domain';
import { Harness, sleep, waitFor, type Engine, type TestServer } from './harness';

type Action =
  | { kind: 'send'; user: number; count: number }
  | { kind: 'disconnect'; user: number }
  | { kind: 'restartEngine'; user: number }
  | { kind: 'restartServer' }
  | { kind: 'pause'; ms: number };

const action = (users: number): fc.Arbitrary<Action> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('send' as const), user: fc.nat(users - 1), count: fc.integer({ min: 1, max: 4 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), user: fc.nat(users - 1) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('restartEngine' as const), user: fc.nat(users - 1) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'restartServer' as const }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('pause' as const), ms: fc.integer({ min: 0, max: 40 }) }) },
  );

const scenario = fc.integer({ min: 2, max: 3 }).chain((users) => fc.record({ users: fc.constant(users), actions: fc.array(action(users), { minLength: 3, maxLength: 14 }) }));

let run = 0;

/** Runs one interleaving and checks that every member converges on the same messages in the same order. */
async function check({ users, actions }: { users: number; actions: Action[] }): Promise<void> {
  const h = new Harness();
  try {
    run++;
    let server: TestServer = await h.server();
    const engines: Engine[] = [];
    const userIds: string[] = [];
    for (let i = 0; i < users; i++) {
      const engine = await h.engine();
      userIds.push((await engine.signUp(server, `r${run}u${i}`)).id);
      engines.push(engine);
    }
    for (const engine of engines) await engine.online();
    const convId = (await engines[0]!.messenger.createGroup({ title: `run ${run}`, memberIds: userIds.slice(1) })).id;
    for (const engine of engines) await waitFor(async () => (await engine.messenger.listConversations()).some((c) => c.id === convId), 'the group everywhere');

    const sentBy: string[][] = Array.from({ length: users }, () => []);
    for (const step of actions) {
      switch (step.kind) {
        case 'send':
          for (let n = 0; n < step.count; n++) {
            const message = await engines[step.user]!.messenger.sendMessage({ convId, text: `u${step.user} #${sentBy[step.user]!.length}` });
            sentBy[step.user]!.push(message.id);
          }
          break;
        case 'disconnect':
          engines[step.user]!.messenger.networkChanged(false);
          break;
        case 'restartEngine': {
          const old = engines[step.user]!;
          await old.dispose();
          engines[step.user] = await h.engine({ profileDir: old.profileDir });
          break;
        }
        case 'restartServer':
          await server.close();
          server = await h.server({ dataDir: server.dataDir, port: server.port });
          break;
        case 'pause':
          await sleep(step.ms);
          break;
      }
    }

    const expected = new Set(sentBy.flat());
    const views: Message[][] = [];
    for (const engine of engines) {
      await waitFor(
        async () => {
          const mine = (await engine.history(convId)).filter((m) => m.system === null);
          return mine.length >= expected.size && mine.every((m) => m.seq !== null);
        },
        'convergence',
        20_000,
      );
      views.push((await engine.history(convId)).filter((m) => m.system === null));
    }
    const reference = views[0]!.map((m) => m.id);
    for (const view of views) {
      const ids = view.map((m) => m.id);
      expect(ids).toEqual(reference);
      expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(ids)).toEqual(expected);
      const seqs = view.map((m) => m.seq!);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    // Each sender's messages keep the order in which they were sent.
    for (const sent of sentBy) expect(reference.filter((id) => sent.includes(id))).toEqual(sent);
  } finally {
    await h.dispose();
  }
}

describe('convergence under random interleavings', () => {
  it('every member ends with the same messages in the same order, none missing, none twice', async () => {
    await fc.assert(fc.asyncProperty(scenario, check), { numRuns: 15, endOnFailure: true });
  }, 120_000);
});
