import type { Logger } from 'pino';
import type { Sql } from './sql';
import type { Account } from './types';

/** What every part of the store shares: the statements, the logger and who "me" is. */
export class StoreContext {
  private account: Account | null | undefined;
  /** Usernames by user id (null: no such user), read once: every page of history names its senders. */
  private readonly usernames = new Map<string, string | null>();

  constructor(
    readonly sql: Sql,
    readonly logger: Logger,
  ) {}

  getAccount(): Account | null {
    if (this.account === undefined) {
      const row = this.sql.get<{ server: string; user_id: string; username: string }>(
        'SELECT server, user_id, username FROM account WHERE singleton = 1',
      );
      this.account = row ? { server: row.server, userId: row.user_id, username: row.username } : null;
    }
    return this.account;
  }

  /** Forgets the cached account after it was written. */
  accountChanged(): void {
    this.account = undefined;
  }

  /** A user's name as stored, or null when the user is unknown. */
  username(userId: string): string | null {
    let name = this.usernames.get(userId);
    if (name === undefined) {
      name = this.sql.value<string>('SELECT username FROM users WHERE id = ?', userId) ?? null;
      this.usernames.set(userId, name);
    }
    return name;
  }

  /** Users were written (renamed, added or wiped): names are read again. */
  usersChanged(): void {
    this.usernames.clear();
  }

  /** The signed-in user's id; '' when signed out, which matches no sender. */
  me(): string {
    return this.getAccount()?.userId ?? '';
  }
}
