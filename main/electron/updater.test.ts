import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAutoUpdates, type UpdaterLike } from './updater';

function fakeUpdater() {
  const calls: string[] = [];
  const updater: UpdaterLike = {
    setFeedURL: (options) => calls.push(`feed ${options.url}`),
    checkForUpdatesAndNotify: async () => calls.push('check'),
    on: () => undefined,
  };
  return { updater, calls };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('startAutoUpdates', () => {
  it('never checks in development builds or when switched off', () => {
    const { updater, calls } = fakeUpdater();
    expect(startAutoUpdates({ isPackaged: false, env: {}, updater, warn: () => undefined })).toBeNull();
    expect(startAutoUpdates({ isPackaged: true, env: { PARLEY_UPDATES: 'off' }, updater, warn: () => undefined })).toBeNull();
    expect(calls).toEqual([]);
  });

  it('checks at start and periodically in packaged builds, from the configured feed', () => {
    const { updater, calls } = fakeUpdater();
    const stop = startAutoUpdates({ isPackaged: true, env: { PARLEY_UPDATE_URL: 'https://updates.example/parley' }, updater, warn: () => undefined, intervalMs: 1000 });
    expect(calls).toEqual(['feed https://updates.example/parley', 'check']);
    vi.advanceTimersByTime(2000);
    expect(calls.filter((call) => call === 'check')).toHaveLength(3);
    stop!();
    vi.advanceTimersByTime(5000);
    expect(calls.filter((call) => call === 'check')).toHaveLength(3);
  });

  it('refuses a feed that is not https', () => {
    const { updater, calls } = fakeUpdater();
    const warn = vi.fn();
    expect(startAutoUpdates({ isPackaged: true, env: { PARLEY_UPDATE_URL: 'http://insecure' }, updater, warn })).toBeNull();
    expect(calls).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
  });
});
