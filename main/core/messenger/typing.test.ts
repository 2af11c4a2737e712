import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../../shared/domain';
import { TypingTracker } from './typing';

const names: Record<string, string> = { u2: 'bob', u3: 'carol' };
let changes: { convId: string; users: string[] }[];
let tracker: TypingTracker;

beforeEach(() => {
  vi.useFakeTimers();
  changes = [];
  tracker = new TypingTracker(
    (_conv, userId): User | null => (names[userId] ? { id: userId, username: names[userId] } : null),
    (convId, users) => changes.push({ convId, users: users.map((u) => u.username) }),
    6_000,
  );
});
afterEach(() => {
  tracker.dispose();
  vi.useRealTimers();
});

describe('TypingTracker', () => {
  it('reports who is typing and expires indicators without a refresh', () => {
    tracker.update('c1', 'u2', true);
    tracker.update('c1', 'u3', true);
    vi.advanceTimersByTime(4_000);
    tracker.update('c1', 'u2', true);
    vi.advanceTimersByTime(3_000);
    expect(changes.at(-1)).toEqual({ convId: 'c1', users: ['bob'] });
    vi.advanceTimersByTime(4_000);
    expect(changes.at(-1)).toEqual({ convId: 'c1', users: [] });
    expect(changes).toHaveLength(4);
  });

  it('clears a user when they stop or when their message arrives', () => {
    tracker.update('c1', 'u2', true);
    tracker.stopped('c1', 'u2');
    expect(changes).toEqual([
      { convId: 'c1', users: ['bob'] },
      { convId: 'c1', users: [] },
    ]);
    tracker.update('c1', 'u2', false);
    expect(changes).toHaveLength(2);
  });
});
