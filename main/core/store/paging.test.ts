import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MessagePage } from '../../../shared/domain';
import type { Event } from '../../../shared/protocol';
import { StoreError } from './errors';
import { ALICE, ME, TempProfiles, signedInStore, snapshot } from './test-support';
import type { Store } from './types';

const profiles = new TempProfiles();
let store: Store;
/** Every timeline id of conversation d1 in order: the created note then 10,000 messages. */
let expected: string[];

beforeAll(() => {
  const built = signedInStore(profiles);
  store = built.store;
  const factory = built.factory;
  // Another conversation interleaved, so pages must stay inside their own conversation.
  store.applyEvents([factory.created(snapshot('d2', [ME, ALICE]), 'd2-created')], factory.seq);
  expected = ['e1'];
  for (let page = 0; page < 20; page++) {
    const events: Event[] = [];
    for (let i = 0; i < 500; i++) {
      const n = page * 500 + i;
      events.push(factory.message('d1', n % 3 === 0 ? ME.id : ALICE.id, `message ${n}`, `m${n}`));
      expected.push(`m${n}`);
      if (n % 7 === 0) events.push(factory.message('d2', ALICE.id, `other ${n}`, `o${n}`));
    }
    store.applyEvents(events, factory.seq);
  }
});
afterAll(() => profiles.cleanup());

const ids = (page: MessagePage) => page.messages.map((message) => message.id);

describe('pageMessages', () => {
  it('pages backwards through 10,000 messages with no gap and no repeat', () => {
    const seen: string[] = [];
    let page = store.pageMessages('d1', { kind: 'latest' }, 50);
    expect(page.hasNewer).toBe(false);
    seen.unshift(...ids(page));
    while (page.hasOlder) {
      page = store.pageMessages('d1', { kind: 'before', sortKey: page.messages[0]!.sortKey }, 50);
      expect(page.hasNewer).toBe(true);
      seen.unshift(...ids(page));
    }
    expect(seen).toEqual(expected);
  });

  it('pages forwards from the beginning with no gap and no repeat', () => {
    const seen: string[] = [];
    let page = store.pageMessages('d1', { kind: 'after', sortKey: -1 }, 73);
    expect(page.hasOlder).toBe(false);
    seen.push(...ids(page));
    while (page.hasNewer) {
      page = store.pageMessages('d1', { kind: 'after', sortKey: page.messages.at(-1)!.sortKey }, 73);
      expect(page.hasOlder).toBe(true);
      seen.push(...ids(page));
    }
    expect(seen).toEqual(expected);
  });

  it('returns pages oldest first that match the domain schema', () => {
    const page = store.pageMessages('d1', { kind: 'latest' }, 50);
    expect(() => MessagePage.parse(page)).not.toThrow();
    const keys = page.messages.map((message) => message.sortKey);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(ids(page)).toEqual(expected.slice(-50));
  });

  it('centres a page around a message and fills it from the other side near either end', () => {
    const middle = store.pageMessages('d1', { kind: 'around', messageId: 'm5000' }, 51);
    expect(ids(middle)).toEqual(expected.slice(expected.indexOf('m5000') - 25, expected.indexOf('m5000') + 26));
    expect(middle.hasOlder && middle.hasNewer).toBe(true);

    const newest = store.pageMessages('d1', { kind: 'around', messageId: 'm9999' }, 50);
    expect(ids(newest)).toEqual(expected.slice(-50));
    expect(newest.hasNewer).toBe(false);
    expect(newest.hasOlder).toBe(true);

    const oldest = store.pageMessages('d1', { kind: 'around', messageId: 'e1' }, 50);
    expect(ids(oldest)).toEqual(expected.slice(0, 50));
    expect(oldest.hasOlder).toBe(false);
  });

  it('refuses to centre on a message of another conversation', () => {
    expect(() => store.pageMessages('d1', { kind: 'around', messageId: 'o7' }, 50)).toThrow(StoreError);
  });

  it('keeps pending messages after every acknowledged one, in send order, until they are acknowledged', () => {
    const { store: fresh, factory } = signedInStore(profiles);
    fresh.queueMessage({ id: 'p1', convId: 'd1', text: 'first pending', ts: 10 });
    fresh.queueMessage({ id: 'p2', convId: 'd1', text: 'second pending', ts: 11 });
    fresh.applyEvents([factory.message('d1', ALICE.id, 'arrives later', 'a1')], factory.seq);
    expect(ids(fresh.pageMessages('d1', { kind: 'latest' }, 10))).toEqual(['e1', 'a1', 'p1', 'p2']);

    fresh.outboxAcked('p1', { seq: factory.seq + 1, ts: 20 });
    const page = fresh.pageMessages('d1', { kind: 'latest' }, 10);
    expect(ids(page)).toEqual(['e1', 'a1', 'p1', 'p2']);
    expect(page.messages[2]!.sortKey).toBe(factory.seq + 1);
    const before = fresh.pageMessages('d1', { kind: 'before', sortKey: page.messages[3]!.sortKey }, 2);
    expect(ids(before)).toEqual(['a1', 'p1']);
  });
});
