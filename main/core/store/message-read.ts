import { SystemNote, type Message, type MessageStatus, type Reaction, type ReplyPreview } from '../../../shared/domain';
import type { StoreContext } from './context';

/**
 * Columns of a message. Sender names and the messages replied to are added in code (selectMessageRows): joining
 * them here cost a third of a page's time, for names that repeat on every row and replies that few rows have.
 */
export const MESSAGE_SELECT = `
  SELECT m.pk, m.id, m.conv_id, m.sender_id, m.seq, m.sort_key, m.ts, m.text,
         m.reply_to, m.edited, m.deleted, m.status, m.error, m.system
  FROM messages m`;

export interface MessageRow {
  pk: number;
  id: string;
  conv_id: string;
  sender_id: string;
  sender_name: string | null;
  seq: number | null;
  sort_key: number;
  ts: number;
  text: string;
  reply_to: string | null;
  edited: number;
  deleted: number;
  status: 'pending' | 'failed' | null;
  error: string | null;
  system: string | null;
  reply_id: string | null;
  reply_sender_id: string | null;
  reply_sender_name: string | null;
  reply_text: string | null;
  reply_deleted: number | null;
}

interface RepliedTo {
  id: string;
  sender_id: string;
  text: string;
  deleted: number;
}

/** The messages that some of `rows` reply to, by id (one query, only when a row is a reply). */
function repliedTo(ctx: StoreContext, rows: unknown[][]): Map<string, RepliedTo> {
  const ids = new Set<string>();
  for (const v of rows) if (v[8] !== null) ids.add(v[8] as string);
  if (ids.size === 0) return new Map();
  const found = ctx.sql.all<RepliedTo>(
    'SELECT id, sender_id, text, deleted FROM messages WHERE id IN (SELECT value FROM json_each(?))',
    JSON.stringify([...ids]),
  );
  return new Map(found.map((row) => [row.id, row]));
}

/** Runs a MESSAGE_SELECT query in raw mode and names the columns here, in MESSAGE_SELECT's order (see Sql.rawAll). */
export function selectMessageRows(ctx: StoreContext, source: string, ...params: unknown[]): MessageRow[] {
  const raw = ctx.sql.rawAll(source, ...params);
  const replies = repliedTo(ctx, raw);
  return raw.map((v): MessageRow => {
    const reply = v[8] === null ? undefined : replies.get(v[8] as string);
    return {
      pk: v[0] as number,
      id: v[1] as string,
      conv_id: v[2] as string,
      sender_id: v[3] as string,
      sender_name: ctx.username(v[3] as string),
      seq: v[4] as number | null,
      sort_key: v[5] as number,
      ts: v[6] as number,
      text: v[7] as string,
      reply_to: v[8] as string | null,
      edited: v[9] as number,
      deleted: v[10] as number,
      status: v[11] as MessageRow['status'],
      error: v[12] as string | null,
      system: v[13] as string | null,
      reply_id: reply?.id ?? null,
      reply_sender_id: reply?.sender_id ?? null,
      reply_sender_name: reply ? ctx.username(reply.sender_id) : null,
      reply_text: reply?.text ?? null,
      reply_deleted: reply?.deleted ?? null,
    };
  });
}

/** A reply preview shows one line; the full text is one click away. */
const REPLY_PREVIEW_CHARS = 200;

interface ReceiptLevels {
  /** Highest read receipt of any other member. */
  read: number;
  /** Highest delivered-or-read receipt of any other member. */
  delivered: number;
}

export function othersReceiptLevels(ctx: StoreContext, convId: string): ReceiptLevels {
  const row = ctx.sql.get<{ read: number | null; delivered: number | null }>(
    `SELECT max(CASE WHEN kind = 'read' THEN up_to END) AS read, max(up_to) AS delivered
     FROM receipts WHERE conv_id = ? AND user_id != ?`,
    convId,
    ctx.me(),
  );
  return { read: row?.read ?? 0, delivered: row?.delivered ?? 0 };
}

export function statusOf(seq: number | null, localStatus: 'pending' | 'failed' | null, levels: ReceiptLevels): MessageStatus {
  if (localStatus !== null) return localStatus;
  if (seq === null) return 'pending';
  if (levels.read >= seq) return 'read';
  if (levels.delivered >= seq) return 'delivered';
  return 'sent';
}

function reactionsOf(ctx: StoreContext, messageIds: string[]): Map<string, Reaction[]> {
  const byMessage = new Map<string, Reaction[]>();
  if (messageIds.length === 0) return byMessage;
  const rows = ctx.sql.all<{ message_id: string; emoji: string; count: number; mine: number }>(
    `SELECT message_id, emoji, count(*) AS count, max(user_id = ?) AS mine, min(ts) AS first
     FROM reactions WHERE active = 1 AND message_id IN (SELECT value FROM json_each(?))
     GROUP BY message_id, emoji ORDER BY first, emoji`,
    ctx.me(),
    JSON.stringify(messageIds),
  );
  for (const row of rows) {
    const list = byMessage.get(row.message_id) ?? [];
    list.push({ emoji: row.emoji, count: row.count, mine: row.mine === 1 });
    byMessage.set(row.message_id, list);
  }
  return byMessage;
}

function replyPreview(row: MessageRow): ReplyPreview | null {
  if (row.reply_to === null) return null;
  if (row.reply_id === null) return { id: row.reply_to, senderName: '', text: '', deleted: false, known: false };
  return {
    id: row.reply_id,
    senderName: row.reply_sender_name ?? row.reply_sender_id ?? '',
    text: (row.reply_text ?? '').slice(0, REPLY_PREVIEW_CHARS),
    deleted: row.reply_deleted === 1,
    known: true,
  };
}

/** Domain messages for rows read with MESSAGE_SELECT, in the same order; rows with an unreadable system note are skipped. */
export function toMessages(ctx: StoreContext, rows: MessageRow[]): Message[] {
  const me = ctx.me();
  const reactions = reactionsOf(ctx, rows.map((row) => row.id));
  const levels = new Map<string, ReceiptLevels>();
  const levelsOf = (convId: string) => {
    let value = levels.get(convId);
    if (value === undefined) {
      value = othersReceiptLevels(ctx, convId);
      levels.set(convId, value);
    }
    return value;
  };
  const messages: Message[] = [];
  for (const row of rows) {
    let system: SystemNote | null = null;
    if (row.system !== null) {
      const parsed = SystemNote.safeParse(safeJson(row.system));
      if (!parsed.success) {
        ctx.logger.error({ messageId: row.id }, 'store: unreadable system note skipped');
        continue;
      }
      system = parsed.data;
    }
    const mine = row.sender_id === me;
    messages.push({
      id: row.id,
      convId: row.conv_id,
      senderId: row.sender_id,
      senderName: row.sender_name ?? row.sender_id,
      seq: row.seq,
      sortKey: row.sort_key,
      ts: row.ts,
      text: row.text,
      mine,
      status: mine && system === null ? statusOf(row.seq, row.status, levelsOf(row.conv_id)) : null,
      error: row.status === 'failed' ? row.error : null,
      edited: row.edited === 1,
      deleted: row.deleted === 1,
      replyTo: replyPreview(row),
      reactions: reactions.get(row.id) ?? [],
      system,
    });
  }
  return messages;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function readMessages(ctx: StoreContext, ids: Iterable<string>): Message[] {
  const list = [...new Set(ids)];
  if (list.length === 0) return [];
  const rows = selectMessageRows(
    ctx,
    `${MESSAGE_SELECT} WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.conv_id, m.sort_key`,
    JSON.stringify(list),
  );
  return toMessages(ctx, rows);
}
