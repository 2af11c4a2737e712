import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, ME, TempProfiles, signedInStore, snapshot } from './test-support';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

describe('reading messages', () => {
  it('names senders and quotes replies, and follows a rename', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents(
      [
        factory.created(snapshot('g1', [ME, ALICE, BOB], 'group', 'Team')),
        factory.message('g1', ALICE.id, 'original question', 'q1'),
        factory.event('g1', BOB.id, { kind: 'message', text: 'an answer', replyTo: 'q1' }, 'a1'),
        factory.event('g1', BOB.id, { kind: 'message', text: 'replying to the unknown', replyTo: 'never-seen' }, 'a2'),
      ],
      factory.seq,
    );
    const page = store.pageMessages('g1', { kind: 'latest' }, 10).messages.filter((m) => m.system === null);
    expect(page.map((m) => [m.id, m.senderName])).toEqual([
      ['q1', 'alice'],
      ['a1', 'bob'],
      ['a2', 'bob'],
    ]);
    expect(page[1]!.replyTo).toEqual({ id: 'q1', senderName: 'alice', text: 'original question', deleted: false, known: true });
    expect(page[2]!.replyTo).toMatchObject({ id: 'never-seen', known: false });

    // A newer snapshot renames alice: pages read from then on use the new name, in rows and in reply quotes.
    store.upsertConversations([snapshot('g1', [ME, { id: ALICE.id, username: 'alice2' }, BOB], 'group', 'Team')]);
    const renamed = store.getMessages(['q1', 'a1']);
    expect(renamed.map((m) => m.senderName)).toEqual(['alice2', 'bob']);
    expect(renamed[1]!.replyTo?.senderName).toBe('alice2');
  });
});
