import type { SystemNote } from '../../../shared/domain';
import type { StoreContext } from './context';
import { queueForIndex } from './search/indexer';

/** A message row as the write paths need it. */
export interface StoredMessage {
  pk: number;
  id: string;
  conv_id: string;
  sender_id: string;
  seq: number | null;
  sort_key: number;
  text: string;
  edited: number;
  edit_seq: number;
  deleted: number;
  status: 'pending' | 'failed' | null;
  system: string | null;
}

export function getStored(ctx: StoreContext, id: string): StoredMessage | undefined {
  return ctx.sql.get<StoredMessage>(
    'SELECT pk, id, conv_id, sender_id, seq, sort_key, text, edited, edit_seq, deleted, status, system FROM messages WHERE id = ?',
    id,
  );
}

export interface NewMessage {
  id: string;
  convId: string;
  senderId: string;
  seq: number | null;
  sortKey: number;
  ts: number;
  text: string;
  replyTo: string | null;
  deleted: boolean;
  status: 'pending' | null;
  system: SystemNote | null;
}

export function insertMessage(ctx: StoreContext, message: NewMessage): number {
  const result = ctx.sql.run(
    `INSERT INTO messages (id, conv_id, sender_id, seq, sort_key, ts, text, reply_to, deleted, status, system)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    message.id,
    message.convId,
    message.senderId,
    message.seq,
    message.sortKey,
    message.ts,
    message.deleted ? '' : message.text,
    message.replyTo,
    message.deleted ? 1 : 0,
    message.status,
    message.system === null ? null : JSON.stringify(message.system),
  );
  const pk = Number(result.lastInsertRowid);
  if (!message.deleted && message.system === null) queueForIndex(ctx, pk, 'new');
  return pk;
}

/** Replaces the text (an edit, or rolling one back); the search index follows (see search/indexer.ts). */
export function setText(ctx: StoreContext, message: StoredMessage, text: string, edited: boolean, editSeq: number): void {
  ctx.sql.run('UPDATE messages SET text = ?, edited = ?, edit_seq = ? WHERE pk = ?', text, edited ? 1 : 0, editSeq, message.pk);
  if (message.deleted === 0 && message.system === null) queueForIndex(ctx, message.pk, 'changed');
}

/** Turns a message into a tombstone: text erased, reactions gone, and (through the backlog) out of the search index. */
export function tombstone(ctx: StoreContext, message: StoredMessage): void {
  ctx.sql.run(`UPDATE messages SET text = '', deleted = 1 WHERE pk = ?`, message.pk);
  ctx.sql.run('DELETE FROM reactions WHERE message_id = ?', message.id);
  queueForIndex(ctx, message.pk, 'changed');
}

/** Undoes an optimistic deletion that the server refused. */
export function untombstone(ctx: StoreContext, message: StoredMessage, text: string, edited: boolean): void {
  ctx.sql.run('UPDATE messages SET text = ?, edited = ?, deleted = 0 WHERE pk = ?', text, edited ? 1 : 0, message.pk);
  queueForIndex(ctx, message.pk, 'changed');
}

export interface ReactionState {
  active: boolean;
  seq: number;
}

export function reactionState(ctx: StoreContext, messageId: string, userId: string, emoji: string): ReactionState | null {
  const row = ctx.sql.get<{ active: number; seq: number }>(
    'SELECT active, seq FROM reactions WHERE message_id = ? AND user_id = ? AND emoji = ?',
    messageId,
    userId,
    emoji,
  );
  return row ? { active: row.active === 1, seq: row.seq } : null;
}

/** Sets one user's reaction; the row stays when switched off so an older event replayed later cannot revive it. */
export function setReaction(
  ctx: StoreContext,
  reaction: { messageId: string; userId: string; emoji: string; active: boolean; seq: number; ts: number },
): void {
  ctx.sql.run(
    `INSERT INTO reactions (message_id, user_id, emoji, active, seq, ts) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (message_id, user_id, emoji) DO UPDATE SET
       active = excluded.active, seq = excluded.seq,
       ts = CASE WHEN reactions.active = 1 AND excluded.active = 1 THEN reactions.ts ELSE excluded.ts END`,
    reaction.messageId,
    reaction.userId,
    reaction.emoji,
    reaction.active ? 1 : 0,
    reaction.seq,
    reaction.ts,
  );
}

/** Gives a message its server sequence: it leaves the pending range and sorts by seq from now on. */
export function acknowledge(ctx: StoreContext, message: StoredMessage, seq: number, ts: number): void {
  ctx.sql.run('UPDATE messages SET seq = ?, sort_key = ?, ts = ?, status = NULL, error = NULL WHERE pk = ?', seq, seq, ts, message.pk);
}
