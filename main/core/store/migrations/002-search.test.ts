import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../index';
import { TempProfiles } from '../test-support';
import { LATEST_VERSION, migrate, schemaVersion } from './index';

const profiles = new TempProfiles();
afterEach(() => profiles.cleanup());

/** A profile left by a build whose schema stopped at version 1, with data written the way that build wrote it. */
function versionOneProfile(): string {
  const dir = profiles.dir();
  const db = new Database(path.join(dir, DATABASE_FILE));
  migrate(db, 1);
  db.exec(`
    INSERT INTO account (singleton, server, user_id, username) VALUES (1, 'ws://old', 'u-me', 'me');
    UPDATE sync_state SET cursor = 4;
    INSERT INTO users (id, username) VALUES ('u-me', 'me'), ('u-alice', 'alice');
    INSERT INTO conversations (id, kind, title, created_by, created_at, last_activity, last_message_id)
      VALUES ('d1', 'direct', '', 'u-me', 1, 4, 'e4'), ('g1', 'group', 'Team', 'u-me', 1, 1, NULL);
    INSERT INTO members (conv_id, user_id, position) VALUES ('d1', 'u-me', 0), ('d1', 'u-alice', 1), ('g1', 'u-me', 0);
    INSERT INTO messages (id, conv_id, sender_id, seq, sort_key, ts, text, system)
      VALUES ('e1', 'd1', 'u-me', 1, 1, 1, '', '{"change":"created","actorName":"me","subjectNames":[],"title":""}');
    INSERT INTO messages (id, conv_id, sender_id, seq, sort_key, ts, text) VALUES
      ('e2', 'd1', 'u-alice', 2, 2, 2, 'Old pancakes recipe'),
      ('e3', 'g1', 'u-me', 3, 3, 3, 'pancakes for the team');
    INSERT INTO messages (id, conv_id, sender_id, seq, sort_key, ts, text, deleted) VALUES ('e4', 'd1', 'u-alice', 4, 4, 4, '', 1);
  `);
  expect(schemaVersion(db)).toBe(1);
  db.close();
  return dir;
}

describe('migration 002-search', () => {
  it('indexes the messages a version 1 database already holds, except tombstones and system notes', () => {
    const store = profiles.open(versionOneProfile());
    expect(store.getCursor()).toBe(4);
    expect(store.search('pancake', { limit: 10 }).map((hit) => hit.messageId)).toEqual(['e3', 'e2']);
    expect(store.search('pancake', { convId: 'd1', limit: 10 }).map((hit) => hit.messageId)).toEqual(['e2']);
    expect(store.search('created', { limit: 10 })).toEqual([]);
    expect(store.pageMessages('d1', { kind: 'latest' }, 10).messages.map((m) => m.id)).toEqual(['e1', 'e2', 'e4']);
  });

  it('leaves the database at the latest version', () => {
    const dir = versionOneProfile();
    profiles.open(dir).close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    db.close();
  });
});
