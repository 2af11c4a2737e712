import { conversationToken, indexableText, vocabularyOf } from '../search/text';
import type { Migration } from './types';

/**
 * Full-text search. The index is contentless (text lives once, in `messages`) with `contentless_delete` so edits and
 * deletions can drop a row by rowid; its rowid is the message's `pk`. The `conv` column holds one token per
 * conversation so a search inside a small conversation intersects two doclists instead of filtering every global
 * hit. Snippets are built in code from the message text, so the index never needs to return content.
 */
export const search: Migration = {
  version: 2,
  name: 'search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE message_search USING fts5 (
        body, conv,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3'
      );
      CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
    `);
    const addTerm = db.prepare('INSERT INTO search_terms (term) VALUES (?) ON CONFLICT (term) DO NOTHING');
    const insert = db.prepare('INSERT INTO message_search (rowid, body, conv) VALUES (?, ?, ?)');
    // Batches by primary key: better-sqlite3 cannot write while an iterator is open on the same connection.
    const batch = db.prepare(
      `SELECT m.pk, m.text, c.local_id FROM messages m JOIN conversations c ON c.id = m.conv_id
       WHERE m.pk > ? AND m.deleted = 0 AND m.system IS NULL ORDER BY m.pk LIMIT 5000`,
    );
    let after = 0;
    for (;;) {
      const rows = batch.all(after) as { pk: number; text: string; local_id: number }[];
      if (rows.length === 0) break;
      for (const row of rows) {
        insert.run(row.pk, indexableText(row.text), conversationToken(row.local_id));
        for (const term of vocabularyOf(row.text)) addTerm.run(term);
      }
      after = rows[rows.length - 1]!.pk;
    }
  },
};
