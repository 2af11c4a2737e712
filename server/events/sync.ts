import type { Database, Statement } from 'better-sqlite3';
import { eventJson, type EventStore } from './store';

type Row = [seq: number, id: string, convId: string, senderId: string, ts: number, body: string];

export interface SyncPage {
  /** Event JSON strings, oldest first. */
  events: string[];
  more: boolean;
  /** The highest seq examined: the cursor to continue from. */
  next: number;
}

interface Cursor {
  iterator: IterableIterator<Row>;
  head: Row | undefined;
}

/**
 * A user's visible events after a cursor. Each membership window is a range of the (conv_id, seq) index; the ranges
 * are merged lazily (one open iterator per window, the smallest head taken each step), so a page reads about
 * `limit + windows` rows however large the log is and however many invisible events lie in between.
 */
export class SyncQuery {
  private readonly windowsStmt;
  /** One statement per concurrently open window: a statement can run one iteration at a time. */
  private readonly rangeStmts: Statement<[string, number, number], Row>[] = [];

  constructor(
    private readonly db: Database,
    private readonly events: EventStore,
  ) {
    this.windowsStmt = db.prepare<[string, number], { convId: string; joinedSeq: number; leftSeq: number | null }>(
      `SELECT conv_id AS convId, joined_seq AS joinedSeq, left_seq AS leftSeq FROM memberships
       WHERE user_id = ? AND (left_seq IS NULL OR left_seq > ?)`,
    );
  }

  page(userId: string, after: number, limit: number, maxBytes: number): SyncPage {
    const head = this.events.head;
    const cursors: Cursor[] = [];
    try {
      for (const window of this.windowsStmt.all(userId, after)) {
        const from = Math.max(after, window.joinedSeq - 1);
        const to = window.leftSeq ?? head;
        if (to <= from) continue;
        const iterator = this.rangeStmt(cursors.length).iterate(window.convId, from, to);
        const first = iterator.next();
        if (first.done) continue;
        cursors.push({ iterator, head: first.value });
      }
      const events: string[] = [];
      let bytes = 0;
      let last = after;
      for (;;) {
        const smallest = takeSmallest(cursors);
        if (!smallest) return { events, more: false, next: Math.max(after, head) };
        const row = smallest.head!;
        const json = eventJson(...row);
        const size = Buffer.byteLength(json) + 1;
        if (events.length >= limit || (events.length > 0 && bytes + size > maxBytes)) {
          return { events, more: true, next: last };
        }
        events.push(json);
        bytes += size;
        last = row[0];
        const step = smallest.iterator.next();
        smallest.head = step.done ? undefined : step.value;
      }
    } finally {
      for (const cursor of cursors) cursor.iterator.return?.();
    }
  }

  private rangeStmt(index: number): Statement<[string, number, number], Row> {
    let stmt = this.rangeStmts[index];
    if (!stmt) {
      stmt = this.db
        .prepare<[string, number, number], Row>(
          'SELECT seq, id, conv_id, sender_id, ts, body FROM events WHERE conv_id = ? AND seq > ? AND seq <= ? ORDER BY seq',
        )
        .raw(true);
      this.rangeStmts[index] = stmt;
    }
    return stmt;
  }
}

function takeSmallest(cursors: Cursor[]): Cursor | undefined {
  let best: Cursor | undefined;
  for (const cursor of cursors) {
    if (cursor.head && (!best || cursor.head[0] < best.head![0])) best = cursor;
  }
  return best;
}
