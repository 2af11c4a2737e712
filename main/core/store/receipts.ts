import { myReadUpTo, recountUnread } from './aggregates';
import type { ChangeCollector } from './changes';
import type { StoreContext } from './context';
import { othersReceiptLevels } from './message-read';
import { PENDING_BASE } from './sort-keys';

export type ReceiptKind = 'delivered' | 'read';

/**
 * Moves a member's receipt forward (never back). My own read receipt, possibly from another device, recounts
 * unread; another member's receipt changes the status of my messages it newly covers.
 */
export function moveReceipt(
  ctx: StoreContext,
  receipt: { convId: string; userId: string; kind: ReceiptKind; upTo: number },
  changes: ChangeCollector,
): boolean {
  const { convId, userId, kind, upTo } = receipt;
  const current = ctx.sql.value<number>(
    'SELECT up_to FROM receipts WHERE conv_id = ? AND user_id = ? AND kind = ?',
    convId,
    userId,
    kind,
  );
  if (current !== undefined && current >= upTo) return false;
  const me = ctx.me();
  const before = userId === me ? null : othersReceiptLevels(ctx, convId);
  ctx.sql.run(
    `INSERT INTO receipts (conv_id, user_id, kind, up_to) VALUES (?, ?, ?, ?)
     ON CONFLICT (conv_id, user_id, kind) DO UPDATE SET up_to = max(receipts.up_to, excluded.up_to)`,
    convId,
    userId,
    kind,
    upTo,
  );
  if (before === null) {
    if (kind === 'read') {
      recountUnread(ctx, convId);
      changes.conversation(convId);
    }
    return true;
  }
  const after = othersReceiptLevels(ctx, convId);
  for (const [from, to] of [
    [before.read, after.read],
    [before.delivered, after.delivered],
  ] as const) {
    if (to <= from) continue;
    const ids = ctx.sql.all<{ id: string }>(
      `SELECT id FROM messages WHERE conv_id = ? AND sort_key > ? AND sort_key <= ? AND sender_id = ? AND system IS NULL`,
      convId,
      from,
      to,
      me,
    );
    for (const { id } of ids) changes.message(convId, id);
  }
  return true;
}

/** Marks everything acknowledged in the conversation read, if any message of another member is still unread. */
export function markRead(ctx: StoreContext, convId: string, changes: ChangeCollector): number | null {
  const lastIncoming = ctx.sql.value<number>('SELECT last_incoming_seq FROM conversations WHERE id = ?', convId);
  if (lastIncoming === undefined || lastIncoming <= myReadUpTo(ctx, convId)) return null;
  const newest =
    ctx.sql.value<number>('SELECT max(sort_key) FROM messages WHERE conv_id = ? AND sort_key < ?', convId, PENDING_BASE) ?? lastIncoming;
  const upTo = Math.max(newest, lastIncoming);
  moveReceipt(ctx, { convId, userId: ctx.me(), kind: 'read', upTo }, changes);
  return upTo;
}

/** Direct conversations with messages of the other user not yet covered by my delivered (or read) receipt. */
export function pendingDeliveredReceipts(ctx: StoreContext): { convId: string; upTo: number }[] {
  return ctx.sql
    .all<{ id: string; up_to: number }>(
      `SELECT c.id, c.last_incoming_seq AS up_to FROM conversations c
       WHERE c.kind = 'direct' AND c.last_incoming_seq >
         coalesce((SELECT max(r.up_to) FROM receipts r WHERE r.conv_id = c.id AND r.user_id = ?), 0)`,
      ctx.me(),
    )
    .map((row) => ({ convId: row.id, upTo: row.up_to }));
}
