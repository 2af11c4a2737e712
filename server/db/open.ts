import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import * as initial from './migrations/001-initial';

type Db = Database.Database;

/** Ordered schema migrations; the index + 1 is the `user_version` a database has after running it. */
const migrations: ReadonlyArray<(db: Db) => void> = [initial.up];
export const SCHEMA_VERSION = migrations.length;

export class DatabaseFromTheFutureError extends Error {
  constructor(found: number) {
    super(`database schema version ${found} is newer than this server understands (${SCHEMA_VERSION}); upgrade the server`);
    this.name = 'DatabaseFromTheFutureError';
  }
}

/**
 * Opens (creating if needed) `dataDir/parley-server.db` in WAL mode with synchronous=NORMAL: a committed transaction
 * survives the process being killed (not a power cut), which is what "persist before ack" needs.
 */
export function openDatabase(dataDir: string): Db {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'parley-server.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Sync reads rows scattered across a large log: keep hot pages in memory instead of re-reading them via syscalls.
    db.pragma('cache_size = -65536');
    db.pragma('mmap_size = 268435456');
    // Checkpoints run on a thread of their own (Checkpointer); this is only the backstop should that thread stop.
    db.pragma('wal_autocheckpoint = 20000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw new DatabaseFromTheFutureError(version);
  for (let next = version; next < SCHEMA_VERSION; next++) {
    db.transaction(() => {
      migrations[next]!(db);
      db.pragma(`user_version = ${next + 1}`);
    })();
  }
}

/** Checkpoints the WAL into the main file and closes: the data directory is then one consistent file. */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
}
