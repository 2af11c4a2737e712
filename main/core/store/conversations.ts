import type { ConversationSnapshot } from '../../../shared/protocol';
import type { StoreContext } from './context';

export function upsertUsers(ctx: StoreContext, users: { id: string; username: string }[]): void {
  ctx.usersChanged();
  for (const user of users) {
    ctx.sql.run(
      'INSERT INTO users (id, username) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET username = excluded.username',
      user.id,
      user.username,
    );
  }
}

/**
 * Makes sure a conversation row exists before an event refers to it. Normally its `created` event or snapshot
 * comes first; a placeholder keeps the event instead of dropping it, and the snapshot fills it in later.
 */
export function ensureConversation(ctx: StoreContext, convId: string, ts: number, createdBy: string): void {
  ctx.sql.run(
    `INSERT INTO conversations (id, kind, title, created_by, created_at, last_activity) VALUES (?, 'group', '', ?, ?, ?)
     ON CONFLICT (id) DO NOTHING`,
    convId,
    createdBy,
    ts,
    ts,
  );
}

export function snapshotSeq(ctx: StoreContext, convId: string): number | undefined {
  return ctx.sql.value<number>('SELECT snapshot_seq FROM conversations WHERE id = ?', convId);
}

/** Stores the conversation's state (title, members) and whether the user has left it. */
export function applySnapshot(ctx: StoreContext, snapshot: ConversationSnapshot, seq: number): void {
  upsertUsers(ctx, snapshot.members);
  const left = snapshot.members.some((member) => member.id === ctx.me()) ? 0 : 1;
  ctx.sql.run(
    `INSERT INTO conversations (id, kind, title, created_by, created_at, last_activity, snapshot_seq, has_left)
     VALUES (@id, @kind, @title, @createdBy, @createdAt, @createdAt, @seq, @left)
     ON CONFLICT (id) DO UPDATE SET
       kind = excluded.kind, title = excluded.title, created_by = excluded.created_by, created_at = excluded.created_at,
       last_activity = max(conversations.last_activity, excluded.created_at),
       snapshot_seq = max(conversations.snapshot_seq, excluded.snapshot_seq), has_left = excluded.has_left`,
    { id: snapshot.id, kind: snapshot.kind, title: snapshot.title, createdBy: snapshot.createdBy, createdAt: snapshot.createdAt, seq, left },
  );
  ctx.membersChanged(snapshot.id);
  ctx.sql.run('DELETE FROM members WHERE conv_id = ?', snapshot.id);
  snapshot.members.forEach((member, position) => {
    ctx.sql.run('INSERT INTO members (conv_id, user_id, position) VALUES (?, ?, ?)', snapshot.id, member.id, position);
  });
}

export function usernameOf(ctx: StoreContext, userId: string): string {
  return ctx.sql.value<string>('SELECT username FROM users WHERE id = ?', userId) ?? userId;
}
