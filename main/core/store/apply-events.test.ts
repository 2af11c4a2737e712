import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from './index';
import { ACCOUNT, ALICE, BOB, EventFactory, ME, TempProfiles, signedInStore, snapshot } from './test-support';
import type { Store } from './types';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

const timeline = (store: Store, convId = 'd1') =>
  store.pageMessages(convId, { kind: 'latest' }, 200).messages.map((m) => ({ id: m.id, text: m.text, deleted: m.deleted, edited: m.edited }));

describe('applyEvents', () => {
  it('stores messages, reports incoming messages of others and advances the cursor', () => {
    const { store, factory } = signedInStore(profiles);
    const changes = store.applyEvents(
      [factory.message('d1', ALICE.id, 'hi', 'a1'), factory.message('d1', ME.id, 'from my other device', 'x1')],
      factory.seq + 10,
    );
    expect(changes.incoming).toEqual([{ convId: 'd1', id: 'a1', seq: 2 }]);
    expect([...(changes.messages.get('d1') ?? [])].sort()).toEqual(['a1', 'x1']);
    expect(changes.conversations).toEqual(new Set(['d1']));
    expect(store.getCursor()).toBe(factory.seq + 10);
    expect(store.getMessage('x1')).toMatchObject({ mine: true, status: 'sent' });
  });

  it('never moves the cursor backwards', () => {
    const { store } = signedInStore(profiles);
    store.applyEvents([], 50);
    store.applyEvents([], 20);
    expect(store.getCursor()).toBe(50);
  });

  it('ignores a page applied twice and overlapping pages', () => {
    const { store, factory } = signedInStore(profiles);
    const first = [factory.message('d1', ALICE.id, 'one', 'a1'), factory.message('d1', ALICE.id, 'two', 'a2')];
    const edit = factory.event('d1', ALICE.id, { kind: 'edit', target: 'a1', text: 'one, edited' });
    const react = factory.event('d1', ME.id, { kind: 'reaction', target: 'a1', emoji: '👍', on: true });
    const second = [factory.message('d1', ALICE.id, 'three', 'a3')];
    store.applyEvents([...first, edit, react], react.seq);
    const state = { timeline: timeline(store), list: store.listConversations() };

    const again = store.applyEvents([...first, edit, react], react.seq);
    expect(again.incoming).toEqual([]);
    expect(again.messages.size).toBe(0);
    expect({ timeline: timeline(store), list: store.listConversations() }).toEqual(state);

    store.applyEvents([first[1]!, edit, react, ...second], second[0]!.seq);
    expect(timeline(store).map((m) => m.id)).toEqual(['e1', 'a1', 'a2', 'a3']);
    expect(store.getMessage('a1')).toMatchObject({ text: 'one, edited', edited: true, reactions: [{ emoji: '👍', count: 1, mine: true }] });
    expect(store.listConversations()[0]!.unread).toBe(3);
  });

  it('applies an older edit replayed after a newer one without undoing it', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ALICE.id, 'v0', 'a1')], factory.seq);
    const older = factory.event('d1', ALICE.id, { kind: 'edit', target: 'a1', text: 'v1' });
    const newer = factory.event('d1', ALICE.id, { kind: 'edit', target: 'a1', text: 'v2' });
    store.applyEvents([older, newer], newer.seq);
    store.applyEvents([older], newer.seq);
    expect(store.getMessage('a1')!.text).toBe('v2');
  });

  it('keeps edits, reactions and deletions whose message has not arrived and applies them when it does', () => {
    const { store, factory } = signedInStore(profiles);
    const factoryLater = new EventFactory(100);
    const edit = factoryLater.event('d1', ALICE.id, { kind: 'edit', target: 'late', text: 'edited before we saw it' });
    const reaction = factoryLater.event('d1', BOB.id, { kind: 'reaction', target: 'late', emoji: '🎉', on: true });
    const deleteOther = factoryLater.event('d1', ALICE.id, { kind: 'delete', target: 'late2' });
    store.applyEvents([edit, reaction, deleteOther], factoryLater.seq);
    expect(store.getMessage('late')).toBeNull();

    const changes = store.applyEvents(
      [factory.message('d1', ALICE.id, 'original', 'late'), factory.message('d1', ALICE.id, 'doomed', 'late2')],
      factoryLater.seq,
    );
    expect(store.getMessage('late')).toMatchObject({ text: 'edited before we saw it', edited: true, reactions: [{ emoji: '🎉', count: 1, mine: false }] });
    expect(store.getMessage('late2')).toMatchObject({ text: '', deleted: true });
    expect(changes.messages.get('d1')).toEqual(new Set(['late', 'late2']));
    expect(store.search('doomed', { limit: 5 })).toEqual([]);
    expect(store.search('edited', { limit: 5 }).map((hit) => hit.messageId)).toEqual(['late']);
  });

  it('applies an edit or deletion only from the sender of the message', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ALICE.id, 'mine to change', 'a1')], factory.seq);
    store.applyEvents(
      [
        factory.event('d1', ME.id, { kind: 'edit', target: 'a1', text: 'hijacked' }),
        factory.event('d1', ME.id, { kind: 'delete', target: 'a1' }),
      ],
      factory.seq,
    );
    expect(store.getMessage('a1')).toMatchObject({ text: 'mine to change', edited: false, deleted: false });
  });

  it('turns a deleted message into a tombstone and takes it out of unread and search', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ALICE.id, 'secret plans', 'a1'), factory.message('d1', ALICE.id, 'hello', 'a2')], factory.seq);
    expect(store.listConversations()[0]).toMatchObject({ unread: 2, firstUnreadId: 'a1' });
    const changes = store.applyEvents([factory.event('d1', ALICE.id, { kind: 'delete', target: 'a1' })], factory.seq);
    expect(changes.conversations.has('d1')).toBe(true);
    expect(store.getMessage('a1')).toMatchObject({ text: '', deleted: true });
    expect(store.listConversations()[0]).toMatchObject({ unread: 1, firstUnreadId: 'a2' });
    expect(store.search('secret', { limit: 5 })).toEqual([]);
  });

  it('stores a message the server already deleted as a tombstone, not as unread', () => {
    const { store, factory } = signedInStore(profiles);
    const gone = factory.event('d1', ALICE.id, { kind: 'message', text: '', deleted: true } as never, 'gone');
    const changes = store.applyEvents([gone], factory.seq);
    expect(changes.incoming).toEqual([]);
    expect(store.getMessage('gone')).toMatchObject({ deleted: true, text: '' });
    expect(store.listConversations()[0]!.unread).toBe(0);
  });

  it('adds and removes reactions per user and emoji', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ALICE.id, 'react to me', 'a1')], factory.seq);
    store.applyEvents(
      [
        factory.event('d1', ALICE.id, { kind: 'reaction', target: 'a1', emoji: '❤️', on: true }),
        factory.event('d1', ME.id, { kind: 'reaction', target: 'a1', emoji: '❤️', on: true }),
        factory.event('d1', ME.id, { kind: 'reaction', target: 'a1', emoji: '😂', on: true }),
        factory.event('d1', ME.id, { kind: 'reaction', target: 'a1', emoji: '😂', on: false }),
      ],
      factory.seq,
    );
    expect(store.getMessage('a1')!.reactions).toEqual([{ emoji: '❤️', count: 2, mine: true }]);
  });

  it('stores conversation changes as system notes, members and users, and tracks leaving', () => {
    const { store, factory } = signedInStore(profiles);
    const group = snapshot('g1', [ALICE, ME], 'group', 'Climbing');
    const withBob = { ...group, members: [ALICE, ME, BOB] };
    const renamed = { ...withBob, title: 'Bouldering' };
    const withoutMe = { ...renamed, members: [ALICE, BOB] };
    const changes = store.applyEvents(
      [
        factory.event('g1', ALICE.id, { kind: 'conversation', change: 'created', subjects: [], conv: group }, 'c1'),
        factory.event('g1', ALICE.id, { kind: 'conversation', change: 'members_added', subjects: [BOB.id], conv: withBob }, 'c2'),
        factory.event('g1', BOB.id, { kind: 'conversation', change: 'renamed', subjects: [], conv: renamed }, 'c3'),
      ],
      factory.seq,
    );
    expect(changes.conversations.has('g1')).toBe(true);
    const notes = store.pageMessages('g1', { kind: 'latest' }, 10).messages.map((m) => m.system);
    expect(notes).toEqual([
      { change: 'created', actorName: 'alice', subjectNames: [], title: 'Climbing' },
      { change: 'members_added', actorName: 'alice', subjectNames: ['bob'], title: 'Climbing' },
      { change: 'renamed', actorName: 'bob', subjectNames: [], title: 'Bouldering' },
    ]);
    expect(store.getConversations(['g1'])[0]).toMatchObject({ title: 'Bouldering', left: false, members: [ALICE, ME, BOB] });

    store.applyEvents([factory.event('g1', ALICE.id, { kind: 'conversation', change: 'member_removed', subjects: [ME.id], conv: withoutMe })], factory.seq);
    expect(store.getConversations(['g1'])[0]).toMatchObject({ left: true, members: [ALICE, BOB] });
    expect(store.pageMessages('g1', { kind: 'latest' }, 10).messages.at(-1)!.system).toMatchObject({ change: 'member_removed', subjectNames: ['myself'] });
    expect(() => store.queueMessage({ id: 'nope', convId: 'g1', text: 'hello?', ts: 1 })).toThrow(/no longer a member/);
    expect(store.outboxItemFor({ id: 'nope', convId: 'g1', text: 'hello?', ts: 1 })).toBeNull();
  });

  it('does not let a replayed older snapshot undo a newer one', () => {
    const { store, factory } = signedInStore(profiles);
    const group = snapshot('g1', [ALICE, ME], 'group', 'Old');
    const created = factory.event('g1', ALICE.id, { kind: 'conversation', change: 'created', subjects: [], conv: group }, 'c1');
    const renamed = factory.event('g1', ALICE.id, { kind: 'conversation', change: 'renamed', subjects: [], conv: { ...group, title: 'New' } }, 'c2');
    store.applyEvents([renamed], renamed.seq);
    store.applyEvents([created], renamed.seq);
    expect(store.getConversationSnapshot('g1')).toMatchObject({ title: 'New' });
  });

  it('upgrades our own queued message when the server event for it arrives first', () => {
    const { store, factory } = signedInStore(profiles);
    store.queueMessage({ id: 'p1', convId: 'd1', text: 'racing the ack', ts: 5 });
    const echo = factory.event('d1', ME.id, { kind: 'message', text: 'racing the ack' }, 'p1');
    const changes = store.applyEvents([echo], echo.seq);
    expect(changes.incoming).toEqual([]);
    expect(store.getMessage('p1')).toMatchObject({ seq: echo.seq, sortKey: echo.seq, ts: echo.ts, status: 'sent' });
    expect(store.outboxSize()).toBe(0);
    // The acknowledgement arriving afterwards changes nothing.
    expect(store.outboxAcked('p1', { seq: echo.seq, ts: echo.ts }).messages.size).toBe(0);
  });

  it('keeps a message for an unknown conversation in a placeholder the snapshot fills in later', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('g9', ALICE.id, 'before the snapshot', 'a1')], factory.seq);
    expect(store.getMessage('a1')).toMatchObject({ convId: 'g9' });
    store.upsertConversations([snapshot('g9', [ALICE, ME], 'group', 'Found')]);
    expect(store.getConversations(['g9'])[0]).toMatchObject({ title: 'Found', unread: 1 });
  });

  it('applies nothing and keeps the cursor when the transaction fails part-way', () => {
    const dir = profiles.dir();
    const setup = profiles.open(dir);
    setup.setAccount(ACCOUNT);
    const factory = new EventFactory();
    setup.applyEvents([factory.created(snapshot('d1'))], factory.seq);
    setup.close();
    // Fault injection from outside the store: the database itself refuses one row of the page.
    const raw = new Database(path.join(dir, DATABASE_FILE));
    raw.exec(`CREATE TRIGGER refuse_boom BEFORE INSERT ON messages WHEN NEW.text = 'boom' BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    raw.close();

    const store = profiles.open(dir);
    const cursor = store.getCursor();
    const before = store.listConversations();
    const page = [
      factory.message('d1', ALICE.id, 'fine', 'a1'),
      factory.event('d1', ALICE.id, { kind: 'receipt', receipt: 'read', upTo: 1 }),
      factory.message('d1', ALICE.id, 'boom', 'a2'),
    ];
    expect(() => store.applyEvents(page, factory.seq)).toThrow(/injected failure/);
    expect(store.getCursor()).toBe(cursor);
    expect(store.getMessage('a1')).toBeNull();
    expect(store.search('fine', { limit: 5 })).toEqual([]);
    expect(store.listConversations()).toEqual(before);

    // The same page minus the poisoned event then applies normally.
    store.applyEvents(page.slice(0, 2), factory.seq);
    expect(store.getMessage('a1')).not.toBeNull();
    expect(store.getCursor()).toBe(factory.seq);
  });
});
