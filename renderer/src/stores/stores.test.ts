import { createRoot } from 'solid-js';
import { describe, expect, it } from 'vitest';
import { createFakeApi, fakeError, fakeMessage } from '../testing/createFakeApi';
import { createSettingsStore } from './createSettingsStore';
import { createTimelineStore } from './createTimelineStore';

const inRoot = <T,>(make: () => T): T => createRoot(() => make());

describe('settings store', () => {
  it('applies a change at once and rolls it back when the engine refuses', async () => {
    const fake = createFakeApi({ signedIn: true });
    const store = inRoot(() => createSettingsStore(fake.api));
    await store.load();
    fake.override('updateSettings', async () => {
      throw fakeError('internal');
    });
    const pending = store.update({ theme: 'dark' });
    expect(store.settings().theme).toBe('dark');
    await expect(pending).rejects.toThrow();
    expect(store.settings().theme).toBe('light');
  });
});

describe('timeline store', () => {
  const seed = Array.from({ length: 300 }, (_, i) => fakeMessage('c1', `m${i}`));

  it('pages older history by sort key and jumps around a message', async () => {
    const fake = createFakeApi({ signedIn: true, messages: seed });
    const store = inRoot(() => createTimelineStore(fake.api, 'c1'));
    await store.loadLatest();
    // A screenful first, then bigger pages while scrolling.
    expect(store.messages().length).toBe(60);
    expect(store.messages().at(-1)?.text).toBe('m299');
    expect(store.hasOlder()).toBe(true);
    await store.loadOlder();
    expect(store.messages().length).toBe(260);
    expect(store.messages()[0]?.text).toBe('m40');

    await store.jumpTo(seed[5]!.id);
    expect(store.focusId()).toBe(seed[5]!.id);
    expect(store.messages().some((m) => m.id === seed[5]!.id)).toBe(true);
    expect(store.hasNewer()).toBe(true);
  });

  it('takes live messages only when its window reaches the present', async () => {
    const fake = createFakeApi({ signedIn: true, messages: seed });
    const store = inRoot(() => createTimelineStore(fake.api, 'c1'));
    await store.jumpTo(seed[0]!.id);
    const live = fakeMessage('c1', 'live', { sortKey: 10_000 });
    fake.emit('messagesChanged', { convId: 'c1', messages: [live] });
    expect(store.messages().some((m) => m.id === live.id)).toBe(false);
    await store.loadLatest();
    fake.emit('messagesChanged', { convId: 'c1', messages: [live] });
    expect(store.messages().at(-1)?.id).toBe(live.id);
  });

  it('shows a reaction at once and takes it back if the call fails', async () => {
    const fake = createFakeApi({ signedIn: true, messages: seed.slice(0, 3) });
    const store = inRoot(() => createTimelineStore(fake.api, 'c1'));
    await store.loadLatest();
    const target = store.messages()[0]!;
    let release!: () => void;
    fake.override('react', () => new Promise((_, reject) => (release = () => reject(fakeError('offline')))));
    const pending = store.react(target.id, '👍', true);
    expect(store.messages()[0]?.reactions).toEqual([{ emoji: '👍', count: 1, mine: true }]);
    release();
    await expect(pending).rejects.toThrow();
    expect(store.messages()[0]?.reactions).toEqual([]);
  });
});
