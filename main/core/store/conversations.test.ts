import { afterEach, describe, expect, it } from 'vitest';
import { ConversationSummary, Message, MessagePage, SearchHit, Settings } from '../../../shared/domain';
import { ConversationSnapshot } from '../../../shared/protocol';
import { ACCOUNT, ALICE, BOB, ME, TempProfiles, signedInStore, snapshot } from './test-support';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

describe('conversations, drafts, settings and account', () => {
  it('lists conversations by last activity with preview, peer, muted and draft', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.created(snapshot('g1', [ME, ALICE, BOB], 'group', 'Trio')), factory.message('g1', BOB.id, 'latest news', 'b1')], factory.seq);
    let list = store.listConversations();
    expect(list.map((c) => c.id)).toEqual(['g1', 'd1']);
    expect(list[0]).toMatchObject({ title: 'Trio', peer: null, lastMessage: { senderName: 'bob', text: 'latest news', mine: false, system: false } });
    expect(list[1]).toMatchObject({ title: 'alice', peer: ALICE, lastMessage: { system: true, text: '' } });

    store.queueMessage({ id: 'p1', convId: 'd1', text: 'back to alice', ts: factory.seq * 10 + 2_000_000 });
    expect(store.setMuted('g1', true).conversations).toEqual(new Set(['g1']));
    expect(store.setMuted('g1', true).conversations.size).toBe(0);
    expect(store.setDraft('g1', 'half a thought').conversations).toEqual(new Set(['g1']));
    list = store.listConversations();
    expect(list.map((c) => c.id)).toEqual(['d1', 'g1']);
    expect(list[1]).toMatchObject({ muted: true, hasDraft: true });
    expect(store.getDraft('g1')).toBe('half a thought');
    store.setDraft('g1', '');
    expect(store.getConversations(['g1'])[0]!.hasDraft).toBe(false);
    expect(store.getConversationSnapshot('g1')).toEqual(snapshot('g1', [ME, ALICE, BOB], 'group', 'Trio'));
    expect(store.getConversationSnapshot('none')).toBeNull();
  });

  it('keeps conversations from the conversations call without touching the cursor', () => {
    const store = profiles.open();
    store.setAccount(ACCOUNT);
    const changes = store.upsertConversations([snapshot('d7', [ME, BOB]), snapshot('g7', [ME, ALICE], 'group', 'Pair')]);
    expect(changes.conversations).toEqual(new Set(['d7', 'g7']));
    expect(store.getCursor()).toBe(0);
    expect(store.getConversations(['d7', 'g7']).map((c) => c.title).sort()).toEqual(['Pair', 'bob']);
  });

  it('has default settings, stores changes and validates them', () => {
    const store = profiles.open();
    expect(store.getSettings()).toEqual({ notifications: true, doNotDisturb: false, theme: 'system', language: 'en', closeToTray: true, startAtLogin: false });
    expect(store.updateSettings({ theme: 'dark', language: 'zh-CN' })).toMatchObject({ theme: 'dark', language: 'zh-CN', notifications: true });
    expect(() => store.updateSettings({ theme: 'neon' } as never)).toThrow();
    expect(store.getSettings().theme).toBe('dark');
  });

  it('signing out or in as someone else wipes synced data and the outbox but keeps settings and meta', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ALICE.id, 'private words', 'a1')], factory.seq);
    store.queueMessage({ id: 'p1', convId: 'd1', text: 'unsent', ts: 1 });
    store.setDraft('d1', 'draft');
    store.updateSettings({ theme: 'light' });
    store.setMeta('lastUsername', 'me');

    store.setAccount({ ...ACCOUNT, username: 'myself2' });
    expect(store.getCursor()).toBe(factory.seq);

    store.setAccount(null);
    expect(store.getAccount()).toBeNull();
    expect(store.getCursor()).toBe(0);
    expect(store.listConversations()).toEqual([]);
    expect(store.outboxSize()).toBe(0);
    expect(store.getMessage('a1')).toBeNull();
    expect(store.search('private', { limit: 5 })).toEqual([]);
    expect(store.getSettings().theme).toBe('light');
    expect(store.getMeta('lastUsername')).toBe('me');

    store.setAccount({ server: 'ws://other', userId: 'u-other', username: 'other' });
    expect(store.getAccount()).toEqual({ server: 'ws://other', userId: 'u-other', username: 'other' });
    store.setMeta('lastUsername', null);
    expect(store.getMeta('lastUsername')).toBeNull();
  });

  it('returns objects that match the shared domain schemas exactly', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents(
      [
        factory.created(snapshot('g1', [ME, ALICE, BOB], 'group', 'Schema club')),
        factory.message('g1', ALICE.id, 'a question about schemas', 'a1'),
        factory.event('g1', BOB.id, { kind: 'reaction', target: 'a1', emoji: '🤔', on: true }),
        factory.event('g1', ALICE.id, { kind: 'message', text: 'replying', replyTo: 'a1' }, 'a2'),
        factory.event('g1', ALICE.id, { kind: 'message', text: 'reply to the unknown', replyTo: 'zzz' }, 'a3'),
        factory.event('g1', ALICE.id, { kind: 'delete', target: 'a2' }),
        factory.event('g1', BOB.id, { kind: 'receipt', receipt: 'read', upTo: 1 }),
      ],
      factory.seq,
    );
    store.queueMessage({ id: 'p1', convId: 'g1', text: 'schemas answer', replyTo: 'a1', ts: 5 });
    store.queueMessage({ id: 'p2', convId: 'g1', text: 'doomed schemas', ts: 6 });
    store.outboxFailed('p2', 'refused');
    store.setDraft('d1', 'draft');

    const strict = <T>(schema: { strict(): { parse(v: unknown): T } }, value: unknown) => schema.strict().parse(value);
    for (const summary of store.listConversations()) expect(strict(ConversationSummary, summary)).toEqual(summary);
    const page = store.pageMessages('g1', { kind: 'latest' }, 50);
    expect(MessagePage.parse(page)).toEqual(page);
    for (const message of page.messages) expect(strict(Message, message)).toEqual(message);
    expect(page.messages.find((m) => m.id === 'a3')!.replyTo).toMatchObject({ known: false });
    const hits = store.search('schemas', { limit: 10 });
    expect(hits.map((hit) => hit.messageId)).toEqual(['p2', 'p1', 'a1']);
    for (const hit of hits) expect(strict(SearchHit, hit)).toEqual(hit);
    expect(Settings.strict().parse(store.getSettings())).toEqual(store.getSettings());
    expect(ConversationSnapshot.parse(store.getConversationSnapshot('g1'))).toEqual(store.getConversationSnapshot('g1'));
  });
});
