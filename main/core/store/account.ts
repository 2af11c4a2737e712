import type { StoreContext } from './context';
import type { Account } from './types';

/** Everything that belongs to the signed-in account; settings and meta belong to the device and stay. */
function wipeAccountData(ctx: StoreContext): void {
  ctx.sql.db.exec(`
    DELETE FROM outbox;
    DELETE FROM deferred_events;
    DELETE FROM drafts;
    DELETE FROM reactions;
    DELETE FROM receipts;
    DELETE FROM members;
    DELETE FROM messages;
    DELETE FROM conversations;
    DELETE FROM users;
    INSERT INTO message_search (message_search) VALUES ('delete-all');
    DELETE FROM search_terms;
    DELETE FROM search_backlog;
    UPDATE sync_state SET cursor = 0, local_counter = 0;
  `);
}

export function setAccount(ctx: StoreContext, account: Account | null): void {
  ctx.sql.transaction(() => {
    const current = ctx.getAccount();
    const sameAccount = current !== null && account !== null && current.userId === account.userId && current.server === account.server;
    if (!sameAccount) {
      wipeAccountData(ctx);
      ctx.usersChanged();
    }
    if (account === null) ctx.sql.run('DELETE FROM account');
    else {
      ctx.sql.run(
        `INSERT INTO account (singleton, server, user_id, username) VALUES (1, ?, ?, ?)
         ON CONFLICT (singleton) DO UPDATE SET server = excluded.server, user_id = excluded.user_id, username = excluded.username`,
        account.server,
        account.userId,
        account.username,
      );
    }
    ctx.accountChanged();
  });
  // The cache may have been filled inside a transaction that failed: read it fresh either way.
  ctx.accountChanged();
}
