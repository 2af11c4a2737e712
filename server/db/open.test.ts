import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, DatabaseFromTheFutureError, openDatabase, SCHEMA_VERSION } from './open';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-db-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('server database', () => {
  it('creates the schema once, in WAL mode with synchronous=NORMAL, and reopens without migrating again', () => {
    const dir = tempDir();
    const db = openDatabase(path.join(dir, 'nested'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['conversations', 'events', 'memberships', 'receipts', 'sessions', 'users']);
    db.prepare("INSERT INTO users (id, username, password, created_at) VALUES ('u1', 'alice', '!', 1)").run();
    closeDatabase(db);
    const again = openDatabase(path.join(dir, 'nested'));
    expect(again.prepare('SELECT username FROM users').pluck().all()).toEqual(['alice']);
    closeDatabase(again);
  });

  it('refuses a database written by a newer server', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    closeDatabase(db);
    expect(() => openDatabase(dir)).toThrow(DatabaseFromTheFutureError);
  });

  it('enforces one direct conversation per pair and one current membership per user', () => {
    const db = openDatabase(tempDir());
    db.exec("INSERT INTO users (id, username, password, created_at) VALUES ('a', 'alice', '!', 1), ('b', 'bob', '!', 1)");
    const conv = db.prepare("INSERT INTO conversations (id, kind, title, created_by, created_at, direct_key) VALUES (?, 'direct', '', 'a', 1, 'a:b')");
    conv.run('c1');
    expect(() => conv.run('c2')).toThrow(/UNIQUE/);
    const join = db.prepare("INSERT INTO memberships (conv_id, user_id, joined_seq) VALUES ('c1', 'a', ?)");
    join.run(1);
    expect(() => join.run(2)).toThrow(/UNIQUE/);
    closeDatabase(db);
  });
});
