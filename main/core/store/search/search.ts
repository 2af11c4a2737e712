import type { SearchHit } from '../../../../shared/domain';
import { conversationTitle } from '../conversation-read';
import type { StoreContext } from '../context';
import { buildSnippet } from './snippet';
import { conversationToken, fold, matchExpression, parseQuery, type MatchTerm, type QueryTerm } from './text';

/** Searches slower than this are logged: they point at a query shape the index does not serve well. */
const SLOW_SEARCH_MS = 40;

interface HitRow {
  id: string;
  conv_id: string;
  sender_id: string;
  sender_name: string | null;
  ts: number;
  text: string;
}

/*
 * Newest first means FTS rowid order (the message's pk, i.e. arrival order), which FTS5 walks backwards and stops
 * after `limit` hits: no ranking (bm25 over a common word costs hundreds of ms on a million rows), and snippets
 * are computed only for the hits returned.
 */
const SEARCH = `
  SELECT m.id, m.conv_id, m.sender_id, u.username AS sender_name, m.ts, m.text
  FROM message_search s
  JOIN messages m ON m.pk = s.rowid
  LEFT JOIN users u ON u.id = m.sender_id
  WHERE message_search MATCH ?
  ORDER BY s.rowid DESC
  LIMIT ?`;

/** Prefixes this short are served by the index's own prefix terms (prefix = '1 2 3'). */
const INDEXED_PREFIX_CHARS = 3;
/** Above this many words an OR costs more than FTS5's prefix merge (measured: 50 common words ≈ 15 ms). */
const MAX_EXPANSION = 24;
/** The largest string in SQLite's binary order that starts with a given prefix is below prefix + U+10FFFF. */
const AFTER_PREFIX = '\u{10FFFF}';

/** Resolves each prefix word to the indexed words it matches when they are few (see migration 002). */
function expand(ctx: StoreContext, terms: QueryTerm[]): MatchTerm[] {
  return terms.map((term): MatchTerm => {
    if (term.kind !== 'prefix') return term;
    const prefix = fold(term.word);
    if ([...prefix].length <= INDEXED_PREFIX_CHARS) return term;
    const words = ctx.sql
      .all<{ term: string }>('SELECT term FROM search_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT ?', prefix, prefix + AFTER_PREFIX, MAX_EXPANSION + 1)
      .map((row) => row.term);
    // No known word: let FTS5 decide (cheap, as no doclist matches), in case our folding differs from the tokenizer's.
    if (words.length === 0 || words.length > MAX_EXPANSION) return term;
    return { kind: 'anyOf', words };
  });
}

export function searchMessages(ctx: StoreContext, query: string, options: { convId?: string; limit: number }): SearchHit[] {
  const terms = parseQuery(query);
  if (terms.length === 0 || options.limit <= 0) return [];
  let scope: string | undefined;
  if (options.convId !== undefined) {
    const localId = ctx.sql.value<number>('SELECT local_id FROM conversations WHERE id = ?', options.convId);
    if (localId === undefined) return [];
    scope = conversationToken(localId);
  }
  const started = performance.now();
  const rows = ctx.sql.all<HitRow>(SEARCH, matchExpression(expand(ctx, terms), scope), Math.floor(options.limit));
  const titles = new Map<string, string>();
  const hits = rows.map((row): SearchHit => {
    let title = titles.get(row.conv_id);
    if (title === undefined) {
      title = conversationTitle(ctx, row.conv_id);
      titles.set(row.conv_id, title);
    }
    return {
      messageId: row.id,
      convId: row.conv_id,
      convTitle: title,
      senderName: row.sender_name ?? row.sender_id,
      ts: row.ts,
      snippet: buildSnippet(row.text, terms),
    };
  });
  const elapsed = performance.now() - started;
  if (elapsed > SLOW_SEARCH_MS) ctx.logger.warn({ ms: Math.round(elapsed), terms: terms.length, scoped: scope !== undefined }, 'store: slow search');
  return hits;
}
