import type { Database } from 'better-sqlite3';
import type { Member } from '../../shared/protocol';
import { newId } from '../ids';

export interface UserRow {
  id: string;
  username: string;
  password: string;
}

/** The users table: accounts, the directory (prefix search) and last-seen times. */
export class Users {
  private readonly insert;
  private readonly byName;
  private readonly byId;
  private readonly prefix;
  private readonly seen;

  constructor(db: Database) {
    this.insert = db.prepare<[string, string, string, number]>('INSERT INTO users (id, username, password, created_at) VALUES (?, ?, ?, ?)');
    this.byName = db.prepare<[string], UserRow>('SELECT id, username, password FROM users WHERE username = ?');
    this.byId = db.prepare<[string], Member & { lastSeen: number | null }>('SELECT id, username, last_seen AS lastSeen FROM users WHERE id = ?');
    // A range on the unique index instead of LIKE: exact byte-wise prefix, no wildcard escaping.
    this.prefix = db.prepare<[string, string, string, number], Member>(
      'SELECT id, username FROM users WHERE username >= ? AND username < ? AND id != ? ORDER BY username LIMIT ?',
    );
    this.seen = db.prepare<[number, string]>('UPDATE users SET last_seen = ? WHERE id = ?');
  }

  /** Returns null when the username is taken. */
  create(username: string, password: string, now: number): Member | null {
    if (this.byName.get(username)) return null;
    const id = newId();
    this.insert.run(id, username, password, now);
    return { id, username };
  }

  byUsername(username: string): UserRow | undefined {
    return this.byName.get(username);
  }

  get(id: string): (Member & { lastSeen: number | null }) | undefined {
    return this.byId.get(id);
  }

  member(id: string): Member | undefined {
    const row = this.byId.get(id);
    return row && { id: row.id, username: row.username };
  }

  findByPrefix(prefix: string, excludeId: string, limit: number): Member[] {
    return this.prefix.all(prefix, `${prefix}\u{10ffff}`, excludeId, limit);
  }

  setLastSeen(id: string, ts: number): void {
    this.seen.run(ts, id);
  }
}
