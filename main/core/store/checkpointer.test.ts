import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../connection/wait.testkit';
import { BACKGROUND_NICE } from '../process/background-threads';
import { WAL_TRIM_ABOVE_BYTES } from './checkpointer';
import { DATABASE_FILE } from './index';
import { ALICE, TempProfiles, signedInStore } from './test-support';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

/** Messages in the database file alone (a copy without its WAL): what checkpoints have copied there. */
function messagesInMainFile(dir: string): number {
  const copy = path.join(dir, 'main-only.db');
  fs.copyFileSync(path.join(dir, DATABASE_FILE), copy);
  const db = new Database(copy, { readonly: true });
  try {
    const exists = db.prepare(`SELECT 1 FROM sqlite_schema WHERE name = 'messages'`).get() !== undefined;
    return exists ? (db.prepare('SELECT count(*) FROM messages').pluck().get() as number) : 0;
  } finally {
    db.close();
    fs.rmSync(copy, { force: true });
  }
}

/** The nice value of each thread of this process (field 19 of its stat line; the name before it may hold spaces). */
function niceByThread(): Map<string, number> {
  return new Map(
    fs.readdirSync('/proc/self/task').map((id) => [id, Number(fs.readFileSync(`/proc/self/task/${id}/stat`, 'utf8').split(') ').pop()!.split(' ')[16])]),
  );
}

describe('checkpoint thread', () => {
  it.runIf(process.platform === 'linux')('runs at the lowest CPU priority, and only it: the engine keeps its own', async () => {
    const dir = profiles.dir();
    const { store, factory } = signedInStore(profiles, undefined, dir);
    const before = niceByThread();
    store.applyEvents([factory.message('d1', ALICE.id, 'hello')], factory.seq);
    store.checkpoint();
    await waitFor(() => messagesInMainFile(dir) >= 2, 'the checkpoint', 5_000, 20);
    const after = niceByThread();
    const started = [...after].filter(([id]) => !before.has(id));
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(started.some(([, nice]) => nice === BACKGROUND_NICE)).toBe(true);
    for (const [id, nice] of before) if (after.has(id)) expect(after.get(id)).toBe(nice);
  });

  it('copies the WAL into the database file when asked, without the engine connection checkpointing', async () => {
    const dir = profiles.dir();
    const { store, factory } = signedInStore(profiles, undefined, dir);
    store.applyEvents(Array.from({ length: 300 }, (_, i) => factory.message('d1', ALICE.id, `m ${i}`)), factory.seq);
    // Far below SQLite's own threshold: without a checkpoint the file holds none of the messages.
    expect(messagesInMainFile(dir)).toBe(0);
    store.checkpoint();
    // 300 messages and the conversation's "created" note.
    await waitFor(() => messagesInMainFile(dir) >= 301, 'the checkpoint', 5_000, 20);
    expect(messagesInMainFile(dir)).toBe(301);
    expect(store.getCursor()).toBe(factory.seq);
  });

  it('lets a WAL that a burst made large stay large under the engine\'s commits, and cuts it back only when asked to trim', async () => {
    const dir = profiles.dir();
    const { store, factory } = signedInStore(profiles, undefined, dir);
    const walFile = path.join(dir, `${DATABASE_FILE}-wal`);
    const text = 'x'.repeat(8_000);
    for (let batch = 0; batch < 6; batch++) {
      store.applyEvents(Array.from({ length: 500 }, (_, i) => factory.message('d1', ALICE.id, `${batch}.${i} ${text}`)), factory.seq);
    }
    expect(fs.statSync(walFile).size).toBeGreaterThan(WAL_TRIM_ABOVE_BYTES);
    store.checkpoint();
    await waitFor(() => messagesInMainFile(dir) >= 3_001, 'the checkpoint', 10_000, 20);
    expect(messagesInMainFile(dir)).toBe(3_001);
    // This commit restarts the WAL from its start. Cutting the file back there would hold it for milliseconds.
    store.applyEvents([factory.message('d1', ALICE.id, 'after the checkpoint')], factory.seq);
    expect(fs.statSync(walFile).size).toBeGreaterThan(WAL_TRIM_ABOVE_BYTES);

    store.checkpoint('trim');
    await waitFor(() => fs.statSync(walFile).size === 0, 'the WAL file to be cut back', 10_000, 20);
    expect(messagesInMainFile(dir)).toBe(3_002);
    expect(store.getCursor()).toBe(factory.seq);
  });

  it('leaves a small WAL file alone when asked to trim, so the next writes need not grow it again', async () => {
    const dir = profiles.dir();
    const { store, factory } = signedInStore(profiles, undefined, dir);
    const walFile = path.join(dir, `${DATABASE_FILE}-wal`);
    store.applyEvents(Array.from({ length: 50 }, (_, i) => factory.message('d1', ALICE.id, `m ${i}`)), factory.seq);
    const size = fs.statSync(walFile).size;
    store.checkpoint('trim');
    await waitFor(() => messagesInMainFile(dir) >= 51, 'the checkpoint', 5_000, 20);
    expect(messagesInMainFile(dir)).toBe(51);
    expect(fs.statSync(walFile).size).toBe(size);
  });
});
