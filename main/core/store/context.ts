import type { Logger } from 'pino';
import type { Sql } from './sql';
import type { Account } from './types';

/** What every part of the store shares: the statements, the logger and who "me" is. */
export class StoreContext {
  private account: Account | null | undefined;

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

  /** The signed-in user's id; '' when signed out, which matches no sender. */
  me(): string {
    return this.getAccount()?.userId ?? '';
  }
}
