import { afterEach, describe, expect, it } from 'vitest';
import { ALICE, BOB, ME, TempProfiles, signedInStore, snapshot } from '../test-support';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

function searchable() {
  const built = signedInStore(profiles);
  const { store, factory } = built;
  store.applyEvents(
    [
      factory.created(snapshot('g1', [ME, ALICE, BOB], 'group', 'Kitchen')),
      factory.message('d1', ALICE.id, 'Shall we bake bread tomorrow?', 'a1'),
      factory.message('g1', BOB.id, 'The bakery on Main Street closed', 'b1'),
      factory.message('d1', ME.id, 'Café au lait and croissants', 'x1'),
      factory.message('g1', ALICE.id, '我们明天见，你好吗', 'c1'),
      factory.message('g1', BOB.id, '明天天气很好', 'c2'),
      factory.message('d1', ALICE.id, 'bread again, the sourdough kind', 'a2'),
    ],
    factory.seq,
  );
  return built;
}

const ids = (hits: { messageId: string }[]) => hits.map((hit) => hit.messageId);

describe('search', () => {
  it('finds whole words and prefixes, newest first, with highlighted snippet parts', () => {
    const { store } = searchable();
    expect(ids(store.search('bread', { limit: 10 }))).toEqual(['a2', 'a1']);
    expect(ids(store.search('bak', { limit: 10 }))).toEqual(['b1', 'a1']);
    expect(ids(store.search('BREAD tomor', { limit: 10 }))).toEqual(['a1']);
    const [hit] = store.search('bak', { limit: 1 });
    expect(hit).toMatchObject({ convId: 'g1', convTitle: 'Kitchen', senderName: 'bob' });
    expect(hit!.snippet).toEqual([
      { text: 'The ', match: false },
      { text: 'bakery', match: true },
      { text: ' on Main Street closed', match: false },
    ]);
    expect(store.search('bread', { limit: 1 })[0]!.convTitle).toBe('alice');
  });

  it('ignores case and accents', () => {
    const { store } = searchable();
    expect(ids(store.search('cafe', { limit: 10 }))).toEqual(['x1']);
    expect(store.search('CAFE', { limit: 10 })[0]!.snippet[0]).toEqual({ text: 'Café', match: true });
  });

  it('searches inside one conversation only when asked', () => {
    const { store } = searchable();
    expect(ids(store.search('b', { limit: 10, convId: 'g1' }))).toEqual(['b1']);
    expect(ids(store.search('b', { limit: 10, convId: 'd1' }))).toEqual(['a2', 'a1']);
    expect(store.search('bread', { limit: 10, convId: 'unknown' })).toEqual([]);
  });

  it('finds Chinese words inside a run of characters without spaces', () => {
    const { store } = searchable();
    const hits = store.search('你好', { limit: 10 });
    expect(ids(hits)).toEqual(['c1']);
    expect(hits[0]!.snippet).toEqual([
      { text: '我们明天见，', match: false },
      { text: '你好', match: true },
      { text: '吗', match: false },
    ]);
    expect(ids(store.search('明天', { limit: 10 }))).toEqual(['c2', 'c1']);
    expect(ids(store.search('天气', { limit: 10, convId: 'g1' }))).toEqual(['c2']);
    // Characters that are present but not adjacent do not match a word.
    expect(store.search('见好', { limit: 10 })).toEqual([]);
  });

  it('treats FTS syntax in the query as plain words and never throws', () => {
    const { store } = searchable();
    for (const hostile of ['"', '"bread', 'bread"*', '*', 'NEAR(bread bake)', 'bread OR', 'AND', 'body:bread', 'conv:c1', '(', ')', '^bread', '-bread', '\\', "'", '{body}: x', '', '   ', '😀']) {
      expect(() => store.search(hostile, { limit: 5 })).not.toThrow();
    }
    expect(ids(store.search('"bread"', { limit: 10 }))).toEqual(['a2', 'a1']);
    expect(ids(store.search('body:bread', { limit: 10 }))).toEqual([]);
    expect(store.search('conv c1', { limit: 10 })).toEqual([]);
    expect(store.search('***', { limit: 10 })).toEqual([]);
  });

  it('follows edits and deletions', () => {
    const { store, factory } = searchable();
    store.applyEvents(
      [
        factory.event('d1', ALICE.id, { kind: 'edit', target: 'a1', text: 'Shall we bake cake tomorrow?' }),
        factory.event('d1', ALICE.id, { kind: 'delete', target: 'a2' }),
      ],
      factory.seq,
    );
    expect(store.search('bread', { limit: 10 })).toEqual([]);
    expect(ids(store.search('cake', { limit: 10 }))).toEqual(['a1']);
  });

  it('respects the limit', () => {
    const { store } = searchable();
    expect(ids(store.search('b', { limit: 2 }))).toEqual(['a2', 'b1']);
  });

  it('matches every word sharing a prefix, whether the prefix expands to a few known words or to many', () => {
    const { store, factory } = signedInStore(profiles);
    const words = Array.from({ length: 30 }, (_, i) => `alpha${i}`);
    store.applyEvents(words.map((word, i) => factory.message('d1', ALICE.id, `${word} text`, `w${i}`)), factory.seq);
    // 30 words start with "alph": more than the expansion limit, so FTS5's own prefix query answers.
    expect(store.search('alph', { limit: 50 })).toHaveLength(30);
    // "alpha1" expands to alpha1 and alpha10..alpha19: an OR of exact words.
    expect(ids(store.search('alpha1', { limit: 50 })).sort()).toEqual(['w1', ...Array.from({ length: 10 }, (_, i) => `w${10 + i}`)].sort());
    expect(ids(store.search('ALPHA29', { limit: 50 }))).toEqual(['w29']);
    expect(store.search('alpha9x', { limit: 50 })).toEqual([]);
    // A word first seen in an edit becomes searchable by prefix too.
    store.applyEvents([factory.event('d1', ALICE.id, { kind: 'edit', target: 'w0', text: 'zephyrine breeze' })], factory.seq);
    expect(ids(store.search('zephyr', { limit: 50 }))).toEqual(['w0']);
  });
});
