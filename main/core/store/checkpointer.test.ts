import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
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

describe('checkpoint thread', () => {
  it('copies the WAL into the database file when asked, without the engine connection checkpointing', async () => {
    const dir = profiles.dir();
    const { store, factory } = signedInStore(profiles, undefined, dir);
    store.applyEvents(Array.from({ length: 300 }, (_, i) => factory.message('d1', ALICE.id, `m ${i}`)), factory.seq);
    // Far below SQLite's own threshold: without a checkpoint the file holds none of the messages.
    expect(messagesInMainFile(dir)).toBe(0);
    store.checkpoint();
    const deadline = Date.now() + 5_000;
    // 300 messages and the conversation's "created" note.
    while (messagesInMainFile(dir) < 301 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(messagesInMainFile(dir)).toBe(301);
    expect(store.getCursor()).toBe(factory.seq);
  });
});
