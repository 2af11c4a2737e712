import type { StoreContext } from '../context';
import { conversationToken, indexableText, vocabularyOf } from './text';

/**
 * Puts a message on the search backlog (migration 003), in the caller's transaction. `new`: never indexed yet.
 * `changed`: its text changed or it was deleted, so an index row it may have must be dropped first. A message that
 * is still waiting as `new` stays `new`: it has no index row whatever happened to it since.
 */
export function queueForIndex(ctx: StoreContext, pk: number, why: 'new' | 'changed'): void {
  ctx.sql.run('INSERT INTO search_backlog (pk, fresh) VALUES (?, ?) ON CONFLICT (pk) DO NOTHING', pk, why === 'new' ? 1 : 0);
}

interface BacklogRow {
  pk: number;
  fresh: number;
  /** Null when the message row is gone (wiped with its account). */
  text: string | null;
  deleted: number | null;
  system: string | null;
  local_id: number | null;
}

const NEXT_BATCH = `
  SELECT b.pk, b.fresh, m.text, m.deleted, m.system, c.local_id
  FROM search_backlog b
  LEFT JOIN messages m ON m.pk = b.pk
  LEFT JOIN conversations c ON c.id = m.conv_id
  ORDER BY b.pk
  LIMIT ?`;

/**
 * Indexes up to `limit` messages of the backlog, oldest first, in one transaction (FTS5 then writes one segment for
 * all of them), from their current text. Returns whether more are waiting.
 */
export function indexBacklog(ctx: StoreContext, limit: number): boolean {
  return ctx.sql.transaction(() => {
    const rows = ctx.sql.all<BacklogRow>(NEXT_BATCH, limit + 1);
    const batch = rows.slice(0, limit);
    for (const row of batch) {
      if (row.fresh === 0) ctx.sql.run('DELETE FROM message_search WHERE rowid = ?', row.pk);
      if (row.text !== null && row.local_id !== null && row.deleted === 0 && row.system === null) {
        ctx.sql.run('INSERT INTO message_search (rowid, body, conv) VALUES (?, ?, ?)', row.pk, indexableText(row.text), conversationToken(row.local_id));
        // Words are never removed: a word left over from an edited or deleted message only costs an empty OR branch.
        for (const term of vocabularyOf(row.text)) ctx.sql.run('INSERT INTO search_terms (term) VALUES (?) ON CONFLICT (term) DO NOTHING', term);
      }
    }
    if (batch.length > 0) ctx.sql.run('DELETE FROM search_backlog WHERE pk <= ?', batch[batch.length - 1]!.pk);
    return rows.length > limit;
  });
}
