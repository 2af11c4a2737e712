import type Database from 'better-sqlite3';

type Params = unknown[];

/** Prepared statements cached by their SQL text: each query is compiled once per connection. */
export class Sql {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly rollbackListeners: (() => void)[] = [];

  constructor(readonly db: Database.Database) {}

  statement(source: string): Database.Statement {
    return this.cached(source, 'rows');
  }

  private cached(source: string, mode: 'rows' | 'pluck' | 'raw'): Database.Statement {
    const key = `${mode}:${source}`;
    let statement = this.statements.get(key);
    if (statement === undefined) {
      statement = this.db.prepare(source);
      if (mode === 'pluck') statement.pluck();
      if (mode === 'raw') statement.raw();
      this.statements.set(key, statement);
    }
    return statement;
  }

  get<T>(source: string, ...params: Params): T | undefined {
    return this.statement(source).get(...params) as T | undefined;
  }

  all<T>(source: string, ...params: Params): T[] {
    return this.statement(source).all(...params) as T[];
  }

  /**
   * Rows as arrays of column values: better-sqlite3 builds a plain array far faster than an object with named
   * keys, which matters on the paging hot path.
   */
  rawAll(source: string, ...params: Params): unknown[][] {
    return this.cached(source, 'raw').all(...params) as unknown[][];
  }

  run(source: string, ...params: Params): Database.RunResult {
    return this.statement(source).run(...params);
  }

  /** A single value from the first row, or undefined when there is no row. */
  value<T>(source: string, ...params: Params): T | undefined {
    return this.cached(source, 'pluck').get(...params) as T | undefined;
  }

  transaction<T>(work: () => T): T {
    try {
      return this.db.transaction(work)();
    } catch (error) {
      for (const listener of this.rollbackListeners) listener();
      throw error;
    }
  }

  /** Told whenever a transaction (or a nested one) rolled back: caches filled inside it may hold undone rows. */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  /**
   * A transaction that reaches the disk before it returns (`synchronous=FULL`), for what exists nowhere else: a
   * message or action the user just queued. Everything else commits with the connection's NORMAL setting, which in
   * WAL mode survives a crash of the app and can lose only the last commits on power loss: received events lost
   * that way go together with their cursor and are synced again, and a lost acknowledgement means an idempotent
   * resend. Syncing the WAL here also makes every earlier commit durable.
   */
  durableTransaction<T>(work: () => T): T {
    this.db.pragma('synchronous = FULL');
    try {
      return this.transaction(work);
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }
}
