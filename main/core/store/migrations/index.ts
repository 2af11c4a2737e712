import type Database from 'better-sqlite3';
import { initial } from './001-initial';
import { search } from './002-search';
import { searchBacklog } from './003-search-backlog';
import type { Migration } from './types';

export type { Migration };

/** Every schema step, in order. Never edit a shipped migration: add the next one. */
export const migrations: readonly Migration[] = [initial, search, searchBacklog];

export const LATEST_VERSION = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs the migrations above the database's version, up to `target`, each in its own transaction. */
export function migrate(db: Database.Database, target = LATEST_VERSION, onStep?: (migration: Migration) => void): void {
  for (const migration of migrations) {
    if (migration.version <= schemaVersion(db) || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
    onStep?.(migration);
  }
}
