import type { StoreContext } from './context';

/**
 * Per-conversation aggregates kept in the `conversations` row by the same transaction that changes messages, so
 * listing conversations at start-up reads a few hundred rows instead of scanning a million messages.
 */

export function myReadUpTo(ctx: StoreContext, convId: string): number {
  return (
    ctx.sql.value<number>(`SELECT up_to FROM receipts WHERE conv_id = ? AND user_id = ? AND kind = 'read'`, convId, ctx.me()) ?? 0
  );
}

/** Points the conversation at its newest timeline row and moves its last activity accordingly. */
export function refreshLastMessage(ctx: StoreContext, convId: string): void {
  ctx.sql.run(
    `UPDATE conversations SET
       last_message_id = newest.id,
       last_activity = max(conversations.last_activity, conversations.created_at, coalesce(newest.ts, 0))
     FROM (SELECT (SELECT id FROM messages WHERE conv_id = @convId ORDER BY sort_key DESC LIMIT 1) AS id,
                  (SELECT ts FROM messages WHERE conv_id = @convId ORDER BY sort_key DESC LIMIT 1) AS ts) AS newest
     WHERE conversations.id = @convId`,
    { convId },
  );
}

/** Counts a newly stored message of another user (not a system row, not a tombstone) toward unread. */
export function noteIncoming(ctx: StoreContext, convId: string, messageId: string, seq: number, countsAsUnread: boolean): void {
  const unread = countsAsUnread && seq > myReadUpTo(ctx, convId);
  ctx.sql.run(
    `UPDATE conversations SET
       last_incoming_seq = max(last_incoming_seq, @seq),
       unread = unread + @unread,
       first_unread_id = CASE
         WHEN @unread = 1 AND (first_unread_id IS NULL OR @seq < coalesce((SELECT seq FROM messages WHERE id = first_unread_id), 0))
         THEN @messageId ELSE first_unread_id END
     WHERE id = @convId`,
    { convId, seq, unread: unread ? 1 : 0, messageId },
  );
}

/** Recomputes unread and the first unread message from the read receipt; costs one index range over the unread rows. */
export function recountUnread(ctx: StoreContext, convId: string): void {
  const upTo = myReadUpTo(ctx, convId);
  const unreadWhere = `conv_id = @convId AND sort_key > @upTo AND seq IS NOT NULL AND sender_id != @me AND deleted = 0 AND system IS NULL`;
  ctx.sql.run(
    `UPDATE conversations SET
       unread = (SELECT count(*) FROM messages WHERE ${unreadWhere}),
       first_unread_id = (SELECT id FROM messages WHERE ${unreadWhere} ORDER BY sort_key LIMIT 1)
     WHERE id = @convId`,
    { convId, upTo, me: ctx.me() },
  );
}
