import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, ME, TempProfiles, signedInStore, snapshot } from './test-support';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

describe('receipts, unread and status', () => {
  it('counts unread messages of others above my read receipt, and marking read clears them', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents(
      [factory.message('d1', ALICE.id, 'one', 'a1'), factory.message('d1', ME.id, 'mine', 'x1'), factory.message('d1', ALICE.id, 'two', 'a2')],
      factory.seq,
    );
    expect(store.listConversations()[0]).toMatchObject({ unread: 2, firstUnreadId: 'a1' });

    const read = store.markRead('d1');
    expect(read?.upTo).toBe(factory.seq);
    expect(read?.changes.conversations).toEqual(new Set(['d1']));
    expect(store.listConversations()[0]).toMatchObject({ unread: 0, firstUnreadId: null });
    expect(store.markRead('d1')).toBeNull();

    store.applyEvents([factory.message('d1', ALICE.id, 'three', 'a3')], factory.seq);
    expect(store.listConversations()[0]).toMatchObject({ unread: 1, firstUnreadId: 'a3' });
  });

  it('follows my read receipt from another device', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ALICE.id, 'one', 'a1'), factory.message('d1', ALICE.id, 'two', 'a2'), factory.message('d1', ALICE.id, 'three', 'a3')], factory.seq);
    const changes = store.applyEvents([factory.event('d1', ME.id, { kind: 'receipt', receipt: 'read', upTo: 3 })], factory.seq);
    expect(changes.conversations).toEqual(new Set(['d1']));
    expect(store.listConversations()[0]).toMatchObject({ unread: 1, firstUnreadId: 'a3' });
    // A receipt never moves back.
    store.applyEvents([factory.event('d1', ME.id, { kind: 'receipt', receipt: 'read', upTo: 2 })], factory.seq);
    expect(store.listConversations()[0]!.unread).toBe(1);
  });

  it('derives the status of my messages from the receipts of others', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ME.id, 'one', 'x1'), factory.message('d1', ME.id, 'two', 'x2'), factory.message('d1', ME.id, 'three', 'x3')], factory.seq);
    const status = () => store.pageMessages('d1', { kind: 'latest' }, 10).messages.filter((m) => m.system === null).map((m) => m.status);
    expect(status()).toEqual(['sent', 'sent', 'sent']);

    const delivered = store.applyEvents([factory.event('d1', ALICE.id, { kind: 'receipt', receipt: 'delivered', upTo: 4 })], factory.seq);
    expect(delivered.messages.get('d1')).toEqual(new Set(['x1', 'x2', 'x3']));
    expect(status()).toEqual(['delivered', 'delivered', 'delivered']);

    const read = store.applyEvents([factory.event('d1', ALICE.id, { kind: 'receipt', receipt: 'read', upTo: 2 })], factory.seq);
    expect(read.messages.get('d1')).toEqual(new Set(['x1']));
    expect(status()).toEqual(['read', 'delivered', 'delivered']);

    // My own receipts (from another device) say nothing about whether others saw my messages.
    store.applyEvents([factory.event('d1', ME.id, { kind: 'receipt', receipt: 'read', upTo: 4 })], factory.seq);
    expect(status()).toEqual(['read', 'delivered', 'delivered']);
  });

  it('shows a group message read as soon as any other member read it', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.created(snapshot('g1', [ME, ALICE, BOB], 'group', 'Trio')), factory.message('g1', ME.id, 'hi all', 'x1')], factory.seq);
    store.applyEvents([factory.event('g1', BOB.id, { kind: 'receipt', receipt: 'read', upTo: factory.seq })], factory.seq);
    expect(store.getMessage('x1')!.status).toBe('read');
  });

  it('lists direct conversations whose newest incoming message I have not confirmed as delivered', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.created(snapshot('g1', [ME, ALICE, BOB], 'group', 'Trio')), factory.message('g1', ALICE.id, 'group msg', 'g-a1')], factory.seq);
    expect(store.pendingDeliveredReceipts()).toEqual([]);
    store.applyEvents([factory.message('d1', ALICE.id, 'one', 'a1'), factory.message('d1', ALICE.id, 'two', 'a2')], factory.seq);
    expect(store.pendingDeliveredReceipts()).toEqual([{ convId: 'd1', upTo: factory.seq }]);
    store.applyEvents([factory.event('d1', ME.id, { kind: 'receipt', receipt: 'delivered', upTo: factory.seq })], factory.seq);
    expect(store.pendingDeliveredReceipts()).toEqual([]);
  });
});
