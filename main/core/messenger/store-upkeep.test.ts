import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from '../connection/wait.testkit';
import { silentLogger } from '../logger';
import { MemorySessionVault } from '../session/file-vault';
import { DATABASE_FILE } from '../store';
import type { CheckpointKind } from '../store/checkpointer';
import { ALICE, TempProfiles, signedInStore } from '../store/test-support';
import { Messenger } from './messenger';
import { StoreUpkeep, type UpkeepTuning } from './store-upkeep';

const profiles = new TempProfiles();
const tuning: UpkeepTuning = { quietMs: 100, maxDelayMs: 1_000, quietBatch: 50, busyBatch: 5, busyPauseMs: 20, busyCheckpointMs: 400 };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
  profiles.cleanup();
});

/** A real store whose upkeep calls are recorded. */
function recordedStore() {
  const { store, factory } = signedInStore(profiles);
  const calls: string[] = [];
  const observed = {
    indexPending: (limit: number) => {
      calls.push(`index ${limit}`);
      return store.indexPending(limit);
    },
    checkpoint: (kind: CheckpointKind = 'checkpoint') => {
      calls.push(kind);
      return store.checkpoint(kind);
    },
  };
  const write = (count: number) =>
    store.applyEvents(Array.from({ length: count }, () => factory.message('d1', ALICE.id, 'hello there')), factory.seq);
  return { store, calls, observed, write };
}

describe('StoreUpkeep', () => {
  it('waits for a quiet moment, then indexes the backlog and checkpoints', () => {
    const { calls, observed, write } = recordedStore();
    const upkeep = new StoreUpkeep(observed, silentLogger, tuning);
    for (let i = 0; i < 5; i++) {
      write(3);
      upkeep.wrote();
      vi.advanceTimersByTime(60);
    }
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(['index 50', 'trim']);
    upkeep.dispose();
  });

  it('works in small slices between writes that never pause, so the backlog cannot grow without bound', () => {
    const { calls, observed, write } = recordedStore();
    const upkeep = new StoreUpkeep(observed, silentLogger, tuning);
    for (let elapsed = 0; elapsed < 1_300; elapsed += 10) {
      write(1);
      upkeep.wrote();
      vi.advanceTimersByTime(10);
    }
    // Small checkpoints every busyCheckpointMs from the start; small index slices once maxDelayMs has passed.
    const firstSlice = calls.indexOf('index 5');
    expect(calls.slice(0, firstSlice)).toEqual(['checkpoint', 'checkpoint']);
    expect(calls.filter((call) => call === 'index 5').length).toBeGreaterThan(3);
    expect(calls.every((call) => call === 'index 5' || call === 'checkpoint')).toBe(true);
    upkeep.dispose();
  });

  it('by default, never holds the event loop for more than a few dozen messages, yet keeps up with 1,000 a second', () => {
    const { calls, observed, write } = recordedStore();
    const upkeep = new StoreUpkeep(observed, silentLogger);
    const marks: number[] = [];
    for (let elapsed = 0; elapsed < 7_000; elapsed += 1) {
      write(1);
      upkeep.wrote();
      vi.advanceTimersByTime(1);
      if (elapsed === 6_000) marks.push(calls.length);
    }
    const limits = calls.filter((call) => call.startsWith('index ')).map((call) => Number(call.slice(6)));
    // A live message that arrives during a slice waits for it (≈ 50 µs a message indexed, measured).
    expect(Math.max(...limits)).toBeLessThanOrEqual(50);
    // Writes never paused for 7 s: slices ran between them, and the last second had room for more than came in.
    const lastSecond = calls.slice(marks[0]).filter((call) => call.startsWith('index ')).map((call) => Number(call.slice(6)));
    expect(lastSecond.reduce((sum, limit) => sum + limit, 0)).toBeGreaterThan(1_000);
    upkeep.dispose();
  });

  it('does nothing after dispose', () => {
    const { calls, observed, write } = recordedStore();
    const upkeep = new StoreUpkeep(observed, silentLogger, tuning);
    write(2);
    upkeep.wrote();
    upkeep.dispose();
    vi.advanceTimersByTime(5_000);
    expect(calls).toEqual([]);
  });
});

describe('Messenger start-up', () => {
  it('indexes messages a previous run left waiting for the search index, without any new write', async () => {
    vi.useRealTimers();
    const dir = profiles.dir();
    const { store, factory } = signedInStore(profiles, undefined, dir);
    store.applyEvents([factory.message('d1', ALICE.id, 'left waiting')], factory.seq);
    store.close();
    const backlog = (): number => {
      const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
      try {
        return db.prepare('SELECT count(*) FROM search_backlog').pluck().get() as number;
      } finally {
        db.close();
      }
    };
    expect(backlog()).toBe(1);
    const messenger = await Messenger.open({
      profileDir: dir,
      vault: new MemorySessionVault(),
      capabilities: { shell: 'web', platform: 'test', closeToTray: false, startAtLogin: false, notifications: false },
      logger: silentLogger,
      upkeep: { ...tuning, quietMs: 20 },
    });
    try {
      await waitFor(() => backlog() === 0, 'the backlog to be indexed', 5_000, 20);
    } finally {
      await messenger.dispose();
    }
  });
});
