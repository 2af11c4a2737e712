/** Why the store refused or failed an operation; the Messenger maps these to user-facing errors. */
export type StoreErrorCode =
  /** The database was written by a newer Parley (its schema version is above the latest this build knows). */
  | 'too_new'
  /** The file is not a SQLite database or is damaged; it is left untouched. */
  | 'corrupt'
  /** Another process holds the database (a second app instance on the same profile). */
  | 'locked'
  | 'disk_full'
  /** The file cannot be read or written (permissions, read-only medium, I/O error). */
  | 'io'
  | 'closed'
  /** The conversation or message an operation names is not in the store. */
  | 'not_found'
  /** The operation is not allowed (editing someone else's message, sending to a conversation the user left). */
  | 'forbidden';

export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const codesByPrefix: [string, StoreErrorCode][] = [
  ['SQLITE_CORRUPT', 'corrupt'],
  ['SQLITE_NOTADB', 'corrupt'],
  ['SQLITE_BUSY', 'locked'],
  ['SQLITE_LOCKED', 'locked'],
  ['SQLITE_FULL', 'disk_full'],
  ['SQLITE_IOERR', 'io'],
  ['SQLITE_CANTOPEN', 'io'],
  ['SQLITE_READONLY', 'io'],
  ['SQLITE_PERM', 'io'],
];

/** The StoreError code for a better-sqlite3 error code (e.g. SQLITE_CORRUPT_INDEX), or null for ordinary failures. */
export function storeErrorCodeOf(error: unknown): StoreErrorCode | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  return codesByPrefix.find(([prefix]) => code.startsWith(prefix))?.[1] ?? null;
}

const advice: Record<StoreErrorCode, string> = {
  too_new: '',
  corrupt: 'the database file is damaged or is not a Parley database; it was left untouched',
  locked: 'the database is in use by another Parley window or process',
  disk_full: 'the disk is full',
  io: 'the database file cannot be read or written',
  closed: 'the store is closed',
  not_found: '',
  forbidden: '',
};

/** Turns SQLite failures that mean "the file is unusable" into StoreErrors with a clear message; others pass through. */
export function translateSqliteError(error: unknown, path: string): unknown {
  if (error instanceof StoreError) return error;
  const code = storeErrorCodeOf(error);
  if (code === null) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError(code, `${path}: ${advice[code]} (${detail})`, { cause: error });
}
