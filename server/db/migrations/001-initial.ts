import type { Database } from 'better-sqlite3';

/** Accounts, sessions, conversations with membership windows, the global event log and receipts. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      username TEXT NOT NULL UNIQUE,
      password TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen INTEGER
    ) STRICT;

    CREATE TABLE sessions (
      token_hash BLOB PRIMARY KEY,
      user_id TEXT NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL,
      expires_at INTEGER NOT NULL,
      revoked_at INTEGER
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX sessions_by_user ON sessions(user_id);

    CREATE TABLE conversations (
      id TEXT PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('direct', 'group')),
      title TEXT NOT NULL,
      created_by TEXT NOT NULL REFERENCES users(id),
      created_at INTEGER NOT NULL,
      -- "lowId:highId" of a direct conversation: exactly one per pair of users.
      direct_key TEXT UNIQUE,
      -- The client's id of createGroup, for idempotency.
      create_key TEXT,
      UNIQUE (created_by, create_key)
    ) STRICT;

    -- One row per membership period: a member sees the events with joined_seq <= seq <= left_seq.
    CREATE TABLE memberships (
      id INTEGER PRIMARY KEY,
      conv_id TEXT NOT NULL REFERENCES conversations(id),
      user_id TEXT NOT NULL REFERENCES users(id),
      joined_seq INTEGER NOT NULL,
      left_seq INTEGER
    ) STRICT;
    CREATE INDEX memberships_by_user ON memberships(user_id, conv_id);
    CREATE UNIQUE INDEX memberships_current ON memberships(conv_id, user_id) WHERE left_seq IS NULL;

    -- seq is the rowid: one global monotonic sequence (rows are never deleted, so it never goes back).
    CREATE TABLE events (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      conv_id TEXT NOT NULL,
      sender_id TEXT NOT NULL,
      ts INTEGER NOT NULL,
      kind TEXT NOT NULL,
      target TEXT,
      body TEXT NOT NULL
    ) STRICT;
    CREATE INDEX events_by_conv ON events(conv_id, seq);
    CREATE INDEX events_by_target ON events(target) WHERE target IS NOT NULL;

    CREATE TABLE receipts (
      conv_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      receipt TEXT NOT NULL,
      up_to INTEGER NOT NULL,
      PRIMARY KEY (conv_id, user_id, receipt)
    ) STRICT, WITHOUT ROWID;
  `);
}
