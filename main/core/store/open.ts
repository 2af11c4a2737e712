import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { StoreError, translateSqliteError } from './errors';
import { LATEST_VERSION, migrate, schemaVersion } from './migrations';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;

/**
 * Checks the file header before SQLite touches the file: a file that is not SQLite, or a database cut short (its
 * header promises more pages than the file holds, and no WAL could supply them) is reported, never "repaired".
 * This reads 100 bytes, so start-up stays instant however large the database is.
 */
function checkHeader(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return;
  }
  if (stat.size === 0) return;
  const header = Buffer.alloc(HEADER_BYTES);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, header, 0, HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read < HEADER_BYTES || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new StoreError('corrupt', `${file} is not a Parley database (not a SQLite file); it was left untouched`);
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  // The page count in the header is only trustworthy when the change counter matches "version valid for".
  const sizeValid = header.readUInt32BE(24) === header.readUInt32BE(92);
  const pages = header.readUInt32BE(28);
  let walBytes = 0;
  try {
    walBytes = fs.statSync(`${file}-wal`).size;
  } catch {
    walBytes = 0;
  }
  if (sizeValid && pages > 0 && stat.size < pages * pageSize && walBytes === 0) {
    throw new StoreError(
      'corrupt',
      `${file} is damaged: it holds ${stat.size} bytes but its header describes ${pages * pageSize}; it was left untouched`,
    );
  }
}

export interface OpenOptions {
  logger: Logger;
  /** How long to wait for a lock held by another connection before reporting 'locked'. */
  busyTimeoutMs: number;
}

/** Opens (creating if needed) and migrates the database file; refuses newer, corrupt or locked databases. */
export function openDatabase(file: string, options: OpenOptions): Database.Database {
  checkHeader(file);
  let db: Database.Database | undefined;
  try {
    // Normal locking: the checkpoint thread opens the file too. A second process is kept out by ProfileLock.
    db = new Database(file, { timeout: options.busyTimeoutMs });
    const version = schemaVersion(db);
    if (version > LATEST_VERSION) {
      throw new StoreError(
        'too_new',
        `${file} was written by a newer version of Parley (database schema ${version}, this version supports up to ${LATEST_VERSION}); update Parley to open it`,
      );
    }
    // Reading the schema parses sqlite_schema: a damaged schema page shows up here rather than on first use.
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') options.logger.warn({ mode }, 'store: WAL journal mode unavailable');
    // FULL only for the user's own queued writes: see Sql.durableTransaction.
    db.pragma('synchronous = NORMAL');
    // Checkpoints run on a thread of their own (Checkpointer, asked by StoreUpkeep); SQLite's own, which stalls the
    // write that triggers it on two disk syncs, is only the backstop should that thread stop: every 16,384 pages
    // (64 MiB) instead of every 1,000. This connection never cuts the WAL file back (no journal_size_limit): SQLite
    // does that inside the first commit after the WAL restarts, and freeing the blocks held that commit for 6 to 25 ms
    // under load. The checkpoint thread cuts it back in quiet moments instead.
    db.pragma('wal_autocheckpoint = 16384');
    db.pragma('journal_size_limit = -1');
    db.pragma('foreign_keys = ON');
    migrate(db, LATEST_VERSION, (migration) =>
      options.logger.info({ version: migration.version, name: migration.name }, 'store: migrated'),
    );
    return db;
  } catch (error) {
    db?.close();
    throw translateSqliteError(error, file);
  }
}
