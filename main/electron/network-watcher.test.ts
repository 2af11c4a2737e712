import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { NetworkWatcher } from './network-watcher';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('NetworkWatcher', () => {
  it('reports only changes, and a wake-up while online', () => {
    let online = true;
    const changes: boolean[] = [];
    const watcher = new NetworkWatcher(() => online, (now) => changes.push(now), 1000);
    vi.advanceTimersByTime(3000);
    online = false;
    vi.advanceTimersByTime(1000);
    online = true;
    vi.advanceTimersByTime(1000);
    watcher.resumed();
    expect(changes).toEqual([false, true, true]);
    watcher.dispose();
    online = false;
    vi.advanceTimersByTime(5000);
    expect(changes).toHaveLength(3);
  });
});
