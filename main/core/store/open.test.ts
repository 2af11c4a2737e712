import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, StoreError } from './index';
import { LATEST_VERSION } from './migrations';
import { ACCOUNT, TempProfiles } from './test-support';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

function expectStoreError(open: () => unknown, code: string, ...phrases: string[]): StoreError {
  let caught: unknown;
  try {
    open();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StoreError);
  const error = caught as StoreError;
  expect(error.code).toBe(code);
  for (const phrase of phrases) expect(error.message).toContain(phrase);
  return error;
}

describe('openStore', () => {
  it('creates parley.db in the profile directory, durable and with foreign keys, at the latest schema', () => {
    const dir = path.join(profiles.dir(), 'nested', 'profile');
    const store = profiles.open(dir);
    expect(store.path).toBe(path.join(dir, DATABASE_FILE));
    store.setAccount(ACCOUNT);
    store.close();

    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    } finally {
      db.close();
    }
  });

  it('keeps data across close and reopen', () => {
    const dir = profiles.dir();
    const first = profiles.open(dir);
    first.setAccount(ACCOUNT);
    first.setMeta('lastServer', 'ws://example');
    first.close();
    const second = profiles.open(dir);
    expect(second.getAccount()).toEqual(ACCOUNT);
    expect(second.getMeta('lastServer')).toBe('ws://example');
  });

  it('refuses a database written by a newer version, naming both versions, and leaves it as it was', () => {
    const dir = profiles.dir();
    const file = path.join(dir, DATABASE_FILE);
    const db = new Database(file);
    db.exec('CREATE TABLE future (x)');
    db.pragma(`user_version = ${LATEST_VERSION + 5}`);
    db.close();
    const before = fs.readFileSync(file);

    expectStoreError(() => profiles.open(dir), 'too_new', `schema ${LATEST_VERSION + 5}`, `up to ${LATEST_VERSION}`);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reports a file that is not a database as corrupt and never modifies it', () => {
    const dir = profiles.dir();
    const file = path.join(dir, DATABASE_FILE);
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 256));
    fs.writeFileSync(file, garbage);

    expectStoreError(() => profiles.open(dir), 'corrupt', file, 'left untouched');
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });

  it('reports a truncated database as corrupt and never modifies it', () => {
    const dir = profiles.dir();
    const store = profiles.open(dir);
    store.setAccount(ACCOUNT);
    store.updateSettings({ theme: 'dark' });
    store.close();
    const file = path.join(dir, DATABASE_FILE);
    const whole = fs.readFileSync(file);
    const truncated = whole.subarray(0, Math.floor(whole.length / 2));
    fs.writeFileSync(file, truncated);

    expectStoreError(() => profiles.open(dir), 'corrupt', 'damaged', 'left untouched');
    expect(fs.readFileSync(file).equals(truncated)).toBe(true);
  });

  it('reports damage found while reading (SQLITE_CORRUPT) as a corrupt StoreError', () => {
    const dir = profiles.dir();
    const store = profiles.open(dir);
    store.close();
    const file = path.join(dir, DATABASE_FILE);
    const bytes = fs.readFileSync(file);
    // Overwrite every page after the first (the schema's root) with garbage: the header stays valid.
    const pageSize = bytes.readUInt16BE(16);
    for (let i = pageSize; i < bytes.length; i++) bytes[i] = 0xa5;
    fs.writeFileSync(file, bytes);
    const damaged = Buffer.from(bytes);

    expectStoreError(() => profiles.open(dir).listConversations(), 'corrupt');
    expect(fs.readFileSync(file).equals(damaged)).toBe(true);
  });

  it('reports a profile already open in another connection as locked', () => {
    const dir = profiles.dir();
    profiles.open(dir).setAccount(ACCOUNT);
    expectStoreError(() => profiles.open(dir, { busyTimeoutMs: 50 }), 'locked', 'in use');
  });

  it('refuses calls after close', () => {
    const store = profiles.open();
    store.close();
    store.close();
    expectStoreError(() => store.getCursor(), 'closed');
  });
});
