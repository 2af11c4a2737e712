import { afterEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/domain';
import { silentLogger } from '../logger';
import { ALICE, TempProfiles, signedInStore } from '../store/test-support';
import type { ChangeSet, Store } from '../store/types';
import { EventHub } from './event-hub';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

/** A real store whose message reads are counted, and a hub whose `messagesChanged` events are kept. */
function hubOnStore() {
  const { store, factory } = signedInStore(profiles);
  let reads = 0;
  const counted = new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'getMessages') {
        return (ids: Iterable<string>) => {
          reads += 1;
          return target.getMessages(ids);
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) as Store;
  const hub = new EventHub(counted, silentLogger);
  const pushed: Message[][] = [];
  hub.subscribe((name, payload) => {
    if (name === 'messagesChanged') pushed.push((payload as { messages: Message[] }).messages);
  });
  const queue = (id: string, text: string) => {
    const [outcome] = store.queueMessages([{ id, convId: 'd1', text, ts: Date.now() }]);
    if (!outcome?.ok) throw new Error('not queued');
    return outcome;
  };
  const turnEnds = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return { store, factory, hub, pushed, queue, turnEnds, reads: () => reads };
}

describe('EventHub', () => {
  it('pushes messages a write has just read back as they are, without reading them again', async () => {
    const { hub, pushed, queue, turnEnds, reads } = hubOnStore();
    const first = queue('m1', 'first');
    const second = queue('m2', 'second');
    hub.changes(second.changes, { read: [second.message] });
    hub.changes(first.changes, { read: [first.message] });
    await turnEnds();
    expect(reads()).toBe(0);
    // One event for the turn, in timeline order, as the store itself would give them.
    expect(pushed).toEqual([[first.message, second.message]]);
  });

  it('reads from the store when another write of the same turn came after, which may have changed them', async () => {
    const { store, factory, hub, pushed, queue, turnEnds, reads } = hubOnStore();
    const queued = queue('m1', 'hello');
    hub.changes(queued.changes, { read: [queued.message] });
    // Alice reacts to it in the same turn: the copy read at queue time no longer shows the message as it is.
    const reaction = factory.event('d1', ALICE.id, { kind: 'reaction', target: 'm1', emoji: '👍', on: true });
    const changes: ChangeSet = store.applyEvents([reaction], factory.seq);
    hub.changes(changes);
    await turnEnds();
    expect(reads()).toBe(1);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toEqual(store.getMessages(['m1']));
    expect(pushed[0]![0]!.reactions).toEqual([expect.objectContaining({ emoji: '👍', count: 1 })]);
  });

  it('reads a conversation\'s messages from the store when only some of them were read by their write', async () => {
    const { store, hub, pushed, queue, turnEnds, reads } = hubOnStore();
    const kept = queue('m1', 'kept');
    const other = queue('m2', 'other');
    hub.changes(kept.changes, { read: [kept.message] });
    const stale = { ...other.message, text: 'not what the store holds' };
    hub.changes(other.changes);
    await turnEnds();
    expect(reads()).toBe(1);
    expect(pushed).toEqual([store.getMessages(['m1', 'm2'])]);
    expect(pushed[0]).not.toContainEqual(stale);
  });
});
