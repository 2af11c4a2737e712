import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../index';
import { ACCOUNT, TempProfiles } from '../test-support';
import { LATEST_VERSION, migrate, schemaVersion } from './index';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

describe('migration 001-initial', () => {
  it('turns an empty file (version 0) into the schema and the store works on it', () => {
    const dir = profiles.dir();
    new Database(path.join(dir, DATABASE_FILE)).close();
    const store = profiles.open(dir);
    store.setAccount(ACCOUNT);
    expect(store.getCursor()).toBe(0);
    expect(store.listConversations()).toEqual([]);
  });

  it('creates every table at version 1', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    expect(schemaVersion(db)).toBe(1);
    const tables = (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[]).sort();
    expect(tables).toEqual(
      expect.arrayContaining(['account', 'conversations', 'deferred_events', 'drafts', 'members', 'messages', 'meta', 'outbox', 'reactions', 'receipts', 'settings', 'sync_state', 'users']),
    );
    db.close();
  });

  it('runs in a transaction: a failure leaves version 0 and no partial schema', () => {
    const db = new Database(':memory:');
    // A table in the way makes the migration fail halfway through its statements.
    db.exec('CREATE TABLE drafts (x)');
    expect(() => migrate(db, LATEST_VERSION)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all();
    expect(tables).toEqual(['drafts']);
    db.close();
  });
});
