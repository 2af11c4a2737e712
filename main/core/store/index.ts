import fs from 'node:fs';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { StoreError, translateSqliteError } from './errors';
import { openDatabase } from './open';
import { SqliteStore } from './sqlite-store';
import type { Store } from './types';
import { WalFlusher, type SyncFile } from './wal-flusher';
import { Checkpointer } from './checkpointer';
import { ProfileLock } from './profile-lock';

export { StoreError, type StoreErrorCode } from './errors';
export { DEFAULT_SETTINGS } from './preferences';
export type { Account, ChangeSet, OutboxItem, Store } from './types';

export const DATABASE_FILE = 'parley.db';
/** Held while the profile is open (see ProfileLock). */
export const LOCK_FILE = 'parley.lock';

export interface OpenStoreOptions {
  logger?: Logger;
  /** How long to wait for another process holding the database before failing with 'locked' (default 5 s). */
  busyTimeoutMs?: number;
  /** How the WAL is synced to the disk after queued messages commit (tests observe or delay it). */
  syncFile?: SyncFile;
}

/**
 * Opens the store of a profile: `profileDir/parley.db`, created and migrated as needed. Throws a StoreError
 * ('too_new', 'corrupt', 'locked', 'io', ...) with a message fit for the user when the database cannot be used;
 * a damaged file is never modified.
 */
export function openStore(profileDir: string, options: OpenStoreOptions = {}): Store {
  const logger = options.logger ?? pino({ level: 'silent' });
  fs.mkdirSync(profileDir, { recursive: true });
  const file = path.join(profileDir, DATABASE_FILE);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
  const lock = ProfileLock.acquire(path.join(profileDir, LOCK_FILE), busyTimeoutMs);
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(file, { logger, busyTimeoutMs });
  } catch (error) {
    lock.release();
    throw error;
  }
  const wal = db.pragma('journal_mode', { simple: true }) === 'wal';
  const flusher = wal ? new WalFlusher(`${file}-wal`, options.syncFile) : null;
  const checkpointer = wal ? new Checkpointer(file, logger) : null;
  return guarded(new SqliteStore(db, file, logger, { flusher, checkpointer, lock }), file, logger);
}

/**
 * Every call goes through here so SQLite errors that mean "the file is unusable" (corruption found while reading
 * a page, disk full, lost lock) reach the caller as StoreErrors, and a closed store says so.
 */
function guarded(store: SqliteStore, file: string, logger: Logger): Store {
  let closed = false;
  const proxy: Record<string, unknown> = {};
  const prototype = Object.getPrototypeOf(store) as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const method = prototype[name];
    if (name === 'constructor' || typeof method !== 'function') continue;
    proxy[name] = (...args: unknown[]) => {
      if (closed) {
        if (name === 'close') return undefined;
        throw new StoreError('closed', `the store of ${file} is closed`);
      }
      if (name === 'close') closed = true;
      try {
        return (method as (...a: unknown[]) => unknown).apply(store, args);
      } catch (error) {
        const translated = translateSqliteError(error, file);
        if (translated instanceof StoreError && translated.code === 'corrupt') {
          logger.error({ err: error }, 'store: database corruption detected');
        }
        throw translated;
      }
    };
  }
  proxy.path = file;
  return proxy as unknown as Store;
}
