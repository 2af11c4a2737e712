import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../index';
import { ALICE, TempProfiles, signedInStore } from '../test-support';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

/** What the full-text index itself holds for a word, bypassing the store's catch-up before searching. */
function indexedRowCount(dir: string, word: string): number {
  const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM message_search WHERE message_search MATCH ?').pluck().get(`body : "${word}"`) as number;
  } finally {
    db.close();
  }
}

function backlogSize(dir: string): number {
  const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM search_backlog').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe('search backlog', () => {
  it('writes messages without touching the index; indexing later, in batches, makes them findable', () => {
    const dir = profiles.dir();
    const { store, factory } = signedInStore(profiles, undefined, dir);
    store.applyEvents([1, 2, 3, 4, 5].map((i) => factory.message('d1', ALICE.id, `pancake number ${i}`, `p${i}`)), factory.seq);
    store.queueMessages([{ id: 'mine', convId: 'd1', text: 'pancake from me', ts: 1 }]);
    store.close();
    expect(indexedRowCount(dir, 'pancake')).toBe(0);
    expect(backlogSize(dir)).toBe(6);

    const reopened = profiles.open(dir);
    expect(reopened.indexPending(4)).toBe(true);
    expect(reopened.indexPending(4)).toBe(false);
    reopened.close();
    expect(indexedRowCount(dir, 'pancake')).toBe(6);
    expect(backlogSize(dir)).toBe(0);
  });

  it('indexes whatever is still waiting before a search, so nothing stored is ever missed', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents([factory.message('d1', ALICE.id, 'waffles at noon', 'w1')], factory.seq);
    expect(store.search('waff', { limit: 10 }).map((hit) => hit.messageId)).toEqual(['w1']);
  });

  it('follows edits and deletions, whether the message was indexed already or was still waiting', () => {
    const { store, factory } = signedInStore(profiles);
    store.applyEvents(
      [factory.message('d1', ALICE.id, 'original words', 'indexed'), factory.message('d1', ALICE.id, 'doomed words', 'gone')],
      factory.seq,
    );
    expect(store.indexPending(100)).toBe(false);
    store.applyEvents(
      [
        factory.message('d1', ALICE.id, 'fresh words', 'waiting'),
        factory.event('d1', ALICE.id, { kind: 'edit', target: 'indexed', text: 'rewritten text' }),
        factory.event('d1', ALICE.id, { kind: 'edit', target: 'waiting', text: 'changed before indexing' }),
        factory.event('d1', ALICE.id, { kind: 'delete', target: 'gone' }),
      ],
      factory.seq,
    );
    expect(store.search('words', { limit: 10 })).toEqual([]);
    expect(store.search('original', { limit: 10 })).toEqual([]);
    expect(store.search('rewritten', { limit: 10 }).map((hit) => hit.messageId)).toEqual(['indexed']);
    expect(store.search('changed', { limit: 10 }).map((hit) => hit.messageId)).toEqual(['waiting']);
    expect(store.search('doomed', { limit: 10 })).toEqual([]);
  });

  it('is emptied with the account data on sign-out', () => {
    const dir = profiles.dir();
    const { store, factory } = signedInStore(profiles, undefined, dir);
    store.applyEvents([factory.message('d1', ALICE.id, 'left behind', 'l1')], factory.seq);
    store.setAccount(null);
    store.close();
    expect(backlogSize(dir)).toBe(0);
  });
});
