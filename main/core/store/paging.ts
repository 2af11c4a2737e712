import type { PageAnchor } from '../../../shared/contract/commands';
import type { MessagePage } from '../../../shared/domain';
import type { StoreContext } from './context';
import { StoreError } from './errors';
import { MESSAGE_SELECT, selectMessageRows, toMessages, type MessageRow } from './message-read';

/**
 * Keyset pagination over (conv_id, sort_key): every page is an index range scan from the anchor, so its cost
 * does not depend on how deep in the history it is (no OFFSET).
 */
const OLDER = `${MESSAGE_SELECT} WHERE m.conv_id = ? AND m.sort_key < ? ORDER BY m.sort_key DESC LIMIT ?`;
const NEWER = `${MESSAGE_SELECT} WHERE m.conv_id = ? AND m.sort_key > ? ORDER BY m.sort_key ASC LIMIT ?`;
const AT = `${MESSAGE_SELECT} WHERE m.id = ?`;
const ANY_AT_OR_BELOW = 'SELECT 1 FROM messages WHERE conv_id = ? AND sort_key <= ? LIMIT 1';
const ANY_AT_OR_ABOVE = 'SELECT 1 FROM messages WHERE conv_id = ? AND sort_key >= ? LIMIT 1';

/** Rows strictly older than `sortKey`, oldest first, and whether more exist beyond them. */
function older(ctx: StoreContext, convId: string, sortKey: number, limit: number): { rows: MessageRow[]; more: boolean } {
  if (limit <= 0) return { rows: [], more: ctx.sql.value(ANY_AT_OR_BELOW, convId, sortKey - 1) !== undefined };
  const rows = selectMessageRows(ctx, OLDER, convId, sortKey, limit + 1);
  const more = rows.length > limit;
  return { rows: rows.slice(0, limit).reverse(), more };
}

function newer(ctx: StoreContext, convId: string, sortKey: number, limit: number): { rows: MessageRow[]; more: boolean } {
  if (limit <= 0) return { rows: [], more: ctx.sql.value(ANY_AT_OR_ABOVE, convId, sortKey + 1) !== undefined };
  const rows = selectMessageRows(ctx, NEWER, convId, sortKey, limit + 1);
  return { rows: rows.slice(0, limit), more: rows.length > limit };
}

export function pageMessages(ctx: StoreContext, convId: string, anchor: PageAnchor, limit: number): MessagePage {
  const size = Math.max(1, Math.floor(limit));
  switch (anchor.kind) {
    case 'latest': {
      const page = older(ctx, convId, Number.MAX_SAFE_INTEGER, size);
      return { messages: toMessages(ctx, page.rows), hasOlder: page.more, hasNewer: false };
    }
    case 'before': {
      const page = older(ctx, convId, anchor.sortKey, size);
      const hasNewer = ctx.sql.value(ANY_AT_OR_ABOVE, convId, anchor.sortKey) !== undefined;
      return { messages: toMessages(ctx, page.rows), hasOlder: page.more, hasNewer };
    }
    case 'after': {
      const page = newer(ctx, convId, anchor.sortKey, size);
      const hasOlder = ctx.sql.value(ANY_AT_OR_BELOW, convId, anchor.sortKey) !== undefined;
      return { messages: toMessages(ctx, page.rows), hasOlder, hasNewer: page.more };
    }
    case 'around': {
      const target = selectMessageRows(ctx, AT, anchor.messageId)[0];
      if (target === undefined || target.conv_id !== convId) {
        throw new StoreError('not_found', `message ${anchor.messageId} is not in conversation ${convId}`);
      }
      // Centre the target, but when one side runs out give its share to the other so the page stays full.
      const olderPeek = older(ctx, convId, target.sort_key, size - 1);
      const newerPeek = newer(ctx, convId, target.sort_key, size - 1);
      const half = Math.floor((size - 1) / 2);
      const olderCount = Math.min(olderPeek.rows.length, Math.max(half, size - 1 - newerPeek.rows.length));
      const newerCount = Math.min(newerPeek.rows.length, size - 1 - olderCount);
      return {
        messages: toMessages(ctx, [
          ...olderPeek.rows.slice(olderPeek.rows.length - olderCount),
          target,
          ...newerPeek.rows.slice(0, newerCount),
        ]),
        hasOlder: olderPeek.more || olderCount < olderPeek.rows.length,
        hasNewer: newerPeek.more || newerCount < newerPeek.rows.length,
      };
    }
  }
}
