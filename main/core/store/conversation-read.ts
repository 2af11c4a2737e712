import type { ConversationSummary, User } from '../../../shared/domain';
import type { ConversationSnapshot } from '../../../shared/protocol';
import type { StoreContext } from './context';

interface SummaryRow {
  id: string;
  kind: 'direct' | 'group';
  title: string;
  muted: number;
  has_left: number;
  last_activity: number;
  unread: number;
  first_unread_id: string | null;
  draft: string | null;
  last_id: string | null;
  last_sender_id: string | null;
  last_sender_name: string | null;
  last_text: string | null;
  last_ts: number | null;
  last_deleted: number | null;
  last_system: string | null;
}

const SUMMARY_SELECT = `
  SELECT c.id, c.kind, c.title, c.muted, c.has_left, c.last_activity, c.unread, c.first_unread_id,
         d.text AS draft,
         m.id AS last_id, m.sender_id AS last_sender_id, lu.username AS last_sender_name, m.text AS last_text,
         m.ts AS last_ts, m.deleted AS last_deleted, m.system AS last_system
  FROM conversations c
  LEFT JOIN drafts d ON d.conv_id = c.id
  LEFT JOIN messages m ON m.id = c.last_message_id
  LEFT JOIN users lu ON lu.id = m.sender_id`;

/** The preview is one line in the list. */
const PREVIEW_CHARS = 200;

function toSummary(row: SummaryRow, cachedMembers: readonly User[], me: string): ConversationSummary {
  const members = [...cachedMembers];
  const peer = row.kind === 'direct' ? (members.find((member) => member.id !== me) ?? null) : null;
  const isSystem = row.last_system !== null;
  return {
    id: row.id,
    kind: row.kind,
    title: row.kind === 'direct' ? (peer?.username ?? row.title) : row.title,
    members,
    peer,
    lastMessage:
      row.last_id === null
        ? null
        : {
            senderName: row.last_sender_name ?? row.last_sender_id ?? '',
            text: isSystem ? '' : (row.last_text ?? '').slice(0, PREVIEW_CHARS),
            ts: row.last_ts ?? row.last_activity,
            mine: row.last_sender_id === me,
            deleted: row.last_deleted === 1,
            system: isSystem,
          },
    lastActivity: row.last_activity,
    unread: row.unread,
    firstUnreadId: row.first_unread_id,
    muted: row.muted === 1,
    left: row.has_left === 1,
    hasDraft: row.draft !== null && row.draft.trim() !== '',
  };
}

/** Every conversation, most recent activity first. Reads precomputed aggregates only. */
export function listSummaries(ctx: StoreContext): ConversationSummary[] {
  const rows = ctx.sql.all<SummaryRow>(`${SUMMARY_SELECT} ORDER BY c.last_activity DESC, c.local_id DESC`);
  ctx.loadAllMembers();
  return rows.map((row) => toSummary(row, ctx.membersOf(row.id), ctx.me()));
}

export function readSummaries(ctx: StoreContext, ids: Iterable<string>): ConversationSummary[] {
  const list = [...new Set(ids)];
  if (list.length === 0) return [];
  // One conversation (a message sent or received) is by far the most common case: no json_each, no sort.
  const rows =
    list.length === 1
      ? ctx.sql.all<SummaryRow>(`${SUMMARY_SELECT} WHERE c.id = ?`, list[0])
      : ctx.sql.all<SummaryRow>(
          `${SUMMARY_SELECT} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.last_activity DESC, c.local_id DESC`,
          JSON.stringify(list),
        );
  return rows.map((row) => toSummary(row, ctx.membersOf(row.id), ctx.me()));
}

export function readSnapshot(ctx: StoreContext, convId: string): ConversationSnapshot | null {
  const row = ctx.sql.get<{ id: string; kind: 'direct' | 'group'; title: string; created_by: string; created_at: number }>(
    'SELECT id, kind, title, created_by, created_at FROM conversations WHERE id = ?',
    convId,
  );
  if (!row) return null;
  return { id: row.id, kind: row.kind, title: row.title, members: [...ctx.membersOf(convId)], createdBy: row.created_by, createdAt: row.created_at };
}

/** The title shown for a conversation: the group title, or the other member's name for a direct one. */
export function conversationTitle(ctx: StoreContext, convId: string): string {
  const row = ctx.sql.get<{ kind: string; title: string; peer: string | null }>(
    `SELECT c.kind, c.title,
       (SELECT u.username FROM members mb JOIN users u ON u.id = mb.user_id
        WHERE mb.conv_id = c.id AND mb.user_id != ? ORDER BY mb.position LIMIT 1) AS peer
     FROM conversations c WHERE c.id = ?`,
    ctx.me(),
    convId,
  );
  if (!row) return '';
  return row.kind === 'direct' ? (row.peer ?? row.title) : row.title;
}
