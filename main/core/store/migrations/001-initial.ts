import type { Migration } from './types';

/**
 * The first schema. Conversations carry aggregates (last message, unread count, first unread message) that every
 * write keeps current, so listing conversations never scans messages. `sort_key` orders a conversation's timeline:
 * the server seq once acknowledged, above every possible seq while pending.
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

      CREATE TABLE account (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        server TEXT NOT NULL,
        user_id TEXT NOT NULL,
        username TEXT NOT NULL
      );

      CREATE TABLE sync_state (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        cursor INTEGER NOT NULL,
        local_counter INTEGER NOT NULL
      );
      INSERT INTO sync_state (singleton, cursor, local_counter) VALUES (1, 0, 0);

      CREATE TABLE users (id TEXT PRIMARY KEY, username TEXT NOT NULL) WITHOUT ROWID;

      CREATE TABLE conversations (
        local_id INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
        title TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        snapshot_seq INTEGER NOT NULL DEFAULT 0,
        muted INTEGER NOT NULL DEFAULT 0,
        has_left INTEGER NOT NULL DEFAULT 0,
        last_message_id TEXT,
        last_activity INTEGER NOT NULL,
        last_incoming_seq INTEGER NOT NULL DEFAULT 0,
        unread INTEGER NOT NULL DEFAULT 0,
        first_unread_id TEXT
      );
      CREATE INDEX conversations_by_activity ON conversations (last_activity);

      CREATE TABLE members (
        conv_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (conv_id, user_id)
      ) WITHOUT ROWID;

      CREATE TABLE messages (
        pk INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        conv_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        sender_id TEXT NOT NULL,
        seq INTEGER,
        sort_key INTEGER NOT NULL,
        ts INTEGER NOT NULL,
        text TEXT NOT NULL,
        reply_to TEXT,
        edited INTEGER NOT NULL DEFAULT 0,
        edit_seq INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        status TEXT CHECK (status IN ('pending', 'failed')),
        error TEXT,
        system TEXT
      );
      CREATE UNIQUE INDEX messages_by_conv ON messages (conv_id, sort_key);

      CREATE TABLE reactions (
        message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        emoji TEXT NOT NULL,
        active INTEGER NOT NULL,
        seq INTEGER NOT NULL DEFAULT 0,
        ts INTEGER NOT NULL,
        PRIMARY KEY (message_id, user_id, emoji)
      ) WITHOUT ROWID;

      CREATE TABLE receipts (
        conv_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('delivered', 'read')),
        up_to INTEGER NOT NULL,
        PRIMARY KEY (conv_id, user_id, kind)
      ) WITHOUT ROWID;

      CREATE TABLE outbox (
        position INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        conv_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        body TEXT NOT NULL,
        undo TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        state TEXT NOT NULL CHECK (state IN ('queued', 'failed')),
        last_error TEXT,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE drafts (
        conv_id TEXT PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE deferred_events (
        id TEXT PRIMARY KEY,
        target_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        event TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX deferred_by_target ON deferred_events (target_id, seq);
    `);
  },
};
