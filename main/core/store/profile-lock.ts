import Database from 'better-sqlite3';
import { StoreError, translateSqliteError } from './errors';

/**
 * One engine per profile. The profile database itself is opened with normal locking, so that the checkpoint thread
 * can open it too (see checkpointer.ts); a second process is kept out by this small database instead, which the
 * engine holds write-locked (exclusive locking mode keeps the lock until close) for as long as the store is open.
 * SQLite's locks work the same on every platform and are released by the OS if the process dies.
 */
export class ProfileLock {
  private constructor(private readonly db: Database.Database) {}

  static acquire(file: string, busyTimeoutMs: number): ProfileLock {
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { timeout: busyTimeoutMs });
      db.pragma('locking_mode = EXCLUSIVE');
      // A write takes the exclusive lock, which exclusive locking mode then keeps.
      db.pragma('user_version = 1');
      return new ProfileLock(db);
    } catch (error) {
      db?.close();
      const translated = translateSqliteError(error, file);
      throw translated instanceof StoreError ? translated : new StoreError('io', `cannot lock the profile (${file}): ${String(error)}`);
    }
  }

  release(): void {
    if (this.db.open) this.db.close();
  }
}
