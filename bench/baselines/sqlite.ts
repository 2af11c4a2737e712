import Database from 'better-sqlite3';
import { join } from 'node:path';
import { tempDir } from '../lib/cleanup';
import type { Context } from '../lib/context';
import type { Baseline } from '../lib/row';
import { median, summarize } from '../lib/stats';
import { BIG_CONV, eventBatches, quickCorpus, SMALL_CONV, searchTerms } from '../fixtures/corpus';
import { rawDb } from '../fixtures/databases';
import { openRaw, RAW_SCHEMA } from '../fixtures/raw-db';

export const CATCH_UP_MESSAGES = 10_000;
export const SYNC_PAGE = 500;

/**
 * Raw better-sqlite3 batched insert: 10,000 messages into the plain schema (table + one index, no FTS), in
 * 500-row transactions like sync pages, WAL with synchronous=FULL like the store. Median of 3 fresh DBs.
 */
export function sqliteInsert(ctx: Context): Promise<Baseline & { rowsPerSec: number }> {
  return ctx.memo('baseline.sqlite-insert', async () => {
    const rows = [...eventBatches({ ...quickCorpus, messages: CATCH_UP_MESSAGES, bigConversation: 1_000 }, SYNC_PAGE)].map((batch) =>
      batch.filter((event) => event.body.kind === 'message'),
    );
    const times: number[] = [];
    for (let run = 0; run < 3; run++) {
      const dir = tempDir('insert');
      const db = openRaw(join(dir.path, 'raw.db'));
      try {
        db.exec(RAW_SCHEMA);
        const insert = db.prepare('INSERT INTO messages (rid, id, conv_id, seq, sender_id, ts, text) VALUES (?, ?, ?, ?, ?, ?, ?)');
        const page = db.transaction((events: (typeof rows)[number]) => {
          for (const e of events) insert.run(e.seq, e.id, e.convId, e.seq, e.senderId, e.ts, e.body.kind === 'message' ? e.body.text : '');
        });
        const started = performance.now();
        for (const events of rows) page(events);
        times.push(performance.now() - started);
      } finally {
        db.close();
        await dir.release();
      }
    }
    const ms = median(times);
    return { what: 'raw batched insert of 10,000 rows', median: ms, p99: null, unit: 'ms', rowsPerSec: CATCH_UP_MESSAGES / (ms / 1000) };
  });
}

/** Keyset pages of 50 from the newest back through the whole big conversation, by the (conv_id, seq) index. */
export function sqlitePage(ctx: Context): Promise<Baseline> {
  return ctx.memo('baseline.sqlite-page', async () => {
    const { path } = await rawDb(ctx);
    const db = new Database(path, { readonly: true });
    try {
      const latest = db.prepare('SELECT * FROM messages WHERE conv_id = ? ORDER BY seq DESC LIMIT 50');
      const before = db.prepare('SELECT * FROM messages WHERE conv_id = ? AND seq < ? ORDER BY seq DESC LIMIT 50');
      const times: number[] = [];
      for (let pass = 0; pass < 2; pass++) {
        let page = latest.all(BIG_CONV) as { seq: number }[];
        for (let i = 0; i < 4_000 && page.length > 0; i++) {
          const started = performance.now();
          page = before.all(BIG_CONV, page[page.length - 1]!.seq) as { seq: number }[];
          page.reverse(); // the API returns oldest first
          const ms = performance.now() - started;
          if (pass === 1) times.push(ms); // pass 0 warms the page cache, like an app that has run before
          page.reverse();
        }
      }
      const summary = summarize(times);
      return { what: 'raw indexed page of 50', median: summary.median, p99: summary.p99, unit: 'ms' };
    } finally {
      db.close();
    }
  });
}

export type SearchCase = { word: keyof typeof searchTerms; scope: 'global' | 'small' };
export const searchCases: SearchCase[] = (['common', 'medium', 'rare'] as const).flatMap((word) => [
  { word, scope: 'global' as const },
  { word, scope: 'small' as const },
]);
export const searchRepeats = (ctx: Context): number => (ctx.quick ? 50 : 300);

/**
 * Raw search: globally, FTS5 newest-first (rowid order) LIMIT 50 joined to the rows; inside the small
 * conversation, its index range filtered by `instr` (200 rows, no FTS needed). No snippets.
 */
export function sqliteSearch(ctx: Context, c: SearchCase): Promise<Baseline> {
  return ctx.memo(`baseline.sqlite-search.${c.word}.${c.scope}`, async () => {
    const { path } = await rawDb(ctx);
    const db = new Database(path, { readonly: true });
    try {
      const statement =
        c.scope === 'global'
          ? db.prepare(
              `SELECT m.* FROM messages_fts f JOIN messages m ON m.rid = f.rowid WHERE messages_fts MATCH ? ORDER BY f.rowid DESC LIMIT 50`,
            )
          : db.prepare(`SELECT * FROM messages WHERE conv_id = '${SMALL_CONV}' AND instr(text, ?) > 0 ORDER BY seq DESC LIMIT 50`);
      const word = searchTerms[c.word];
      const times: number[] = [];
      for (let i = 0; i < searchRepeats(ctx) + 10; i++) {
        const started = performance.now();
        statement.all(word);
        if (i >= 10) times.push(performance.now() - started);
      }
      const summary = summarize(times);
      return { what: `raw ${c.scope === 'global' ? 'FTS5' : 'indexed scan'}`, median: summary.median, p99: summary.p99, unit: 'ms' };
    } finally {
      db.close();
    }
  });
}
