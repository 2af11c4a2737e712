import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, ME, TempProfiles, signedInStore } from './test-support';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

describe('outbox', () => {
  it('writes the pending message and its outbox entry together, in send order, and keeps them across a restart', () => {
    const { store } = signedInStore(profiles);
    const { message, changes } = store.queueMessage({ id: 'p1', convId: 'd1', text: 'first', ts: 10 });
    store.queueMessage({ id: 'p2', convId: 'd1', text: 'second', replyTo: 'p1', ts: 11 });
    expect(message).toMatchObject({ id: 'p1', seq: null, status: 'pending', mine: true, text: 'first' });
    expect(changes.conversations).toEqual(new Set(['d1']));
    expect(store.listConversations()[0]!.lastMessage).toMatchObject({ text: 'second', mine: true });

    const dir = store.path.replace(/\/parley\.db$/, '');
    store.close();
    const reopened = profiles.open(dir);
    expect(reopened.outboxSize()).toBe(2);
    expect(reopened.outboxPending(10)).toEqual([
      { id: 'p1', convId: 'd1', body: { kind: 'message', text: 'first' }, attempts: 0, createdAt: 10 },
      { id: 'p2', convId: 'd1', body: { kind: 'message', text: 'second', replyTo: 'p1' }, attempts: 0, createdAt: 11 },
    ]);
    expect(reopened.getMessage('p2')!.replyTo).toEqual({ id: 'p1', senderName: 'myself', text: 'first', deleted: false, known: true });
  });

  it('reads up to `limit` items besides the skipped ones, so fewer than `limit` means nothing else is queued', () => {
    const { store } = signedInStore(profiles);
    for (let i = 1; i <= 12; i++) store.queueMessage({ id: `p${i}`, convId: 'd1', text: `m ${i}`, ts: i });
    store.outboxFailed('p2', 'refused');
    const skip = new Set(['p1', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8']);
    expect(store.outboxPending(3, skip).map((item) => item.id)).toEqual(['p9', 'p10', 'p11']);
    expect(store.outboxPending(5, skip).map((item) => item.id)).toEqual(['p9', 'p10', 'p11', 'p12']);
    expect(store.outboxPending(5, new Set(['p1', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8', 'p9', 'p10', 'p11', 'p12']))).toEqual([]);
  });

  it('tells what it would queue for a message before writing it: the same outbox item, or nothing when signed out', () => {
    const { store } = signedInStore(profiles);
    const input = { id: 'p1', convId: 'd1', text: 'ahead', replyTo: 'p0', ts: 10 };
    const item = store.outboxItemFor(input);
    store.queueMessages([input]);
    expect(store.outboxPending(10)).toEqual([item]);
    store.setAccount(null);
    expect(store.outboxItemFor({ ...input, id: 'p2' })).toBeNull();
  });

  it('queues the same id only once', () => {
    const { store } = signedInStore(profiles);
    store.queueMessage({ id: 'p1', convId: 'd1', text: 'once', ts: 10 });
    store.queueMessage({ id: 'p1', convId: 'd1', text: 'once', ts: 10 });
    expect(store.outboxSize()).toBe(1);
  });

  it('refuses to queue into an unknown conversation', () => {
    const { store } = signedInStore(profiles);
    expect(store.outboxItemFor({ id: 'p1', convId: 'nowhere', text: 'x', ts: 1 })).toBeNull();
    expect(() => store.queueMessage({ id: 'p1', convId: 'nowhere', text: 'x', ts: 1 })).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(store.outboxSize()).toBe(0);
  });

  it('gives an acknowledged message its seq and server time and removes it from the outbox', () => {
    const { store, factory } = signedInStore(profiles);
    store.queueMessage({ id: 'p1', convId: 'd1', text: 'hello', ts: 10 });
    store.outboxAttempted('p1');
    expect(store.outboxPending(10)[0]!.attempts).toBe(1);
    const changes = store.outboxAcked('p1', { seq: factory.seq + 1, ts: 99 });
    expect(changes.messages.get('d1')).toEqual(new Set(['p1']));
    expect(store.getMessage('p1')).toMatchObject({ seq: factory.seq + 1, sortKey: factory.seq + 1, ts: 99, status: 'sent' });
    expect(store.outboxSize()).toBe(0);
    expect(store.outboxPending(10)).toEqual([]);
  });

  it('marks a refused message failed, then retries it with the same id at the end of the queue', () => {
    const { store } = signedInStore(profiles);
    store.queueMessage({ id: 'p1', convId: 'd1', text: 'refused', ts: 10 });
    store.queueMessage({ id: 'p2', convId: 'd1', text: 'fine', ts: 11 });
    store.outboxFailed('p1', 'text too long');
    expect(store.getMessage('p1')).toMatchObject({ status: 'failed', error: 'text too long' });
    expect(store.outboxPending(10).map((item) => item.id)).toEqual(['p2']);

    const changes = store.outboxRetry('p1');
    expect(changes.messages.get('d1')).toEqual(new Set(['p1']));
    expect(store.getMessage('p1')).toMatchObject({ status: 'pending', error: null });
    expect(store.outboxPending(10).map((item) => item.id)).toEqual(['p2', 'p1']);
    expect(store.pageMessages('d1', { kind: 'latest' }, 10).messages.map((m) => m.id)).toEqual(['e1', 'p2', 'p1']);
    expect(() => store.outboxRetry('unknown')).toThrow(expect.objectContaining({ code: 'not_found' }));
  });

  it('applies an edit optimistically and rolls it back when refused', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ME.id, 'original words', 'x1')], factory.seq);
    const { message } = store.queueAction({ id: 'act1', messageId: 'x1', body: { kind: 'edit', target: 'x1', text: 'better words' }, ts: 5 });
    expect(message).toMatchObject({ text: 'better words', edited: true });
    expect(store.search('better', { limit: 5 }).map((hit) => hit.messageId)).toEqual(['x1']);
    expect(store.outboxPending(10)).toMatchObject([{ id: 'act1', body: { kind: 'edit', target: 'x1', text: 'better words' } }]);

    const changes = store.outboxFailed('act1', 'forbidden');
    expect(changes.messages.get('d1')).toEqual(new Set(['x1']));
    expect(store.getMessage('x1')).toMatchObject({ text: 'original words', edited: false });
    expect(store.search('better', { limit: 5 })).toEqual([]);
    expect(store.search('original', { limit: 5 }).map((hit) => hit.messageId)).toEqual(['x1']);
    expect(store.outboxSize()).toBe(0);
  });

  it('applies a deletion optimistically and restores the message when refused', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ME.id, 'keep this please', 'x1')], factory.seq);
    expect(store.queueAction({ id: 'act1', messageId: 'x1', body: { kind: 'delete', target: 'x1' }, ts: 5 }).message).toMatchObject({ deleted: true, text: '' });
    expect(store.search('keep', { limit: 5 })).toEqual([]);
    store.outboxFailed('act1', 'refused');
    expect(store.getMessage('x1')).toMatchObject({ deleted: false, text: 'keep this please' });
    expect(store.search('keep', { limit: 5 }).map((hit) => hit.messageId)).toEqual(['x1']);
  });

  it('applies a reaction optimistically, keeps it when acknowledged, and reverts it when refused', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ALICE.id, 'nice', 'a1')], factory.seq);
    store.queueAction({ id: 'r1', messageId: 'a1', body: { kind: 'reaction', target: 'a1', emoji: '👍', on: true }, ts: 5 });
    store.outboxAcked('r1', { seq: factory.seq + 1, ts: 6 });
    expect(store.getMessage('a1')!.reactions).toEqual([{ emoji: '👍', count: 1, mine: true }]);

    store.queueAction({ id: 'r2', messageId: 'a1', body: { kind: 'reaction', target: 'a1', emoji: '👍', on: false }, ts: 7 });
    expect(store.getMessage('a1')!.reactions).toEqual([]);
    store.outboxFailed('r2', 'refused');
    expect(store.getMessage('a1')!.reactions).toEqual([{ emoji: '👍', count: 1, mine: true }]);
  });

  it('removes our own action from the outbox when its server event arrives', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ME.id, 'typo', 'x1')], factory.seq);
    store.queueAction({ id: 'act1', messageId: 'x1', body: { kind: 'edit', target: 'x1', text: 'fixed' }, ts: 5 });
    store.applyEvents([factory.event('d1', ME.id, { kind: 'edit', target: 'x1', text: 'fixed' }, 'act1')], factory.seq);
    expect(store.outboxSize()).toBe(0);
    expect(store.getMessage('x1')).toMatchObject({ text: 'fixed', edited: true });
  });

  it('refuses to edit or delete the message of someone else', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ALICE.id, 'not yours', 'a1')], factory.seq);
    expect(() => store.queueAction({ id: 'act1', messageId: 'a1', body: { kind: 'edit', target: 'a1', text: 'mine now' }, ts: 1 })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => store.queueAction({ id: 'act2', messageId: 'a1', body: { kind: 'delete', target: 'a1' }, ts: 1 })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(store.getMessage('a1')!.text).toBe('not yours');
    expect(store.outboxSize()).toBe(0);
  });
});
