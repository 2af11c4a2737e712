import type { Logger } from 'pino';
import type { User } from '../../../shared/domain';
import type { Sql } from './sql';
import type { Account } from './types';

/** What every part of the store shares: the statements, the logger and who "me" is. */
export class StoreContext {
  private account: Account | null | undefined;
  /** Usernames by user id (null: no such user), read once: every page of history names its senders. */
  private readonly usernames = new Map<string, string | null>();
  /**
   * Members (in order, with their names) by conversation, read once: every change to a conversation is pushed with
   * its summary, and its members change far more rarely than its messages.
   */
  private readonly members = new Map<string, readonly User[]>();
  private allMembersLoaded = false;

  constructor(
    readonly sql: Sql,
    readonly logger: Logger,
  ) {
    sql.onRollback(() => {
      this.account = undefined;
      this.usersChanged();
    });
  }

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

  /** Users were written (renamed, added or wiped): names, and the member lists that carry them, are read again. */
  usersChanged(): void {
    this.usernames.clear();
    this.members.clear();
    this.allMembersLoaded = false;
  }

  /** The conversation's members in their order; [] for an unknown conversation. */
  membersOf(convId: string): readonly User[] {
    let list = this.members.get(convId);
    if (list === undefined) {
      const rows = this.sql.all<User>(
        'SELECT u.id, u.username FROM members mb JOIN users u ON u.id = mb.user_id WHERE mb.conv_id = ? ORDER BY mb.position',
        convId,
      );
      list = Object.freeze(rows.map((row) => Object.freeze({ id: row.id, username: row.username })));
      this.members.set(convId, list);
    }
    return list;
  }

  /** Reads every conversation's members in one query (for the whole list), unless they are all cached already. */
  loadAllMembers(): void {
    if (this.allMembersLoaded) return;
    const rows = this.sql.all<{ conv_id: string; id: string; username: string }>(
      'SELECT mb.conv_id, u.id, u.username FROM members mb JOIN users u ON u.id = mb.user_id ORDER BY mb.conv_id, mb.position',
    );
    const byConv = new Map<string, User[]>();
    for (const row of rows) {
      let list = byConv.get(row.conv_id);
      if (list === undefined) byConv.set(row.conv_id, (list = []));
      list.push(Object.freeze({ id: row.id, username: row.username }));
    }
    for (const [convId, list] of byConv) this.members.set(convId, Object.freeze(list));
    this.allMembersLoaded = true;
  }

  /** The conversation's member list was written. */
  membersChanged(convId: string): void {
    this.members.delete(convId);
    this.allMembersLoaded = false;
  }

  /** The signed-in user's id; '' when signed out, which matches no sender. */
  me(): string {
    return this.getAccount()?.userId ?? '';
  }
}
