import type { Database } from 'better-sqlite3';
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
  convId: string;
  /** Last seq fetched (the next chunk starts after it) and the window's upper bound. */
  from: number;
  to: number;
  seqs: number[];
  index: number;
  /** Seqs per refill; doubles each time, so a busy window costs few queries and a quiet one stays cheap. */
  chunk: number;
  exhausted: boolean;
}

/**
 * A user's visible events after a cursor, in two steps:
 * 1. choose the page's seqs: each membership window is a range of the (conv_id, seq) index, read index-only in small
 *    chunks that grow, and the windows are merged smallest-first until the page is full;
 * 2. read just those rows by primary key, in one query, stopping at the byte budget.
 * A page therefore costs one index probe per window plus `limit` row reads, however large the log is and however
 * many invisible events lie in between (see sync-measure.ts for numbers on a million events).
 */
export class SyncQuery {
  private readonly windowsStmt;
  private readonly seqsStmt;
  private readonly rowsStmt;

  constructor(
    db: Database,
    private readonly events: EventStore,
  ) {
    this.windowsStmt = db.prepare<[string, number], { convId: string; joinedSeq: number; leftSeq: number | null }>(
      `SELECT conv_id AS convId, joined_seq AS joinedSeq, left_seq AS leftSeq FROM memberships
       WHERE user_id = ? AND (left_seq IS NULL OR left_seq > ?)`,
    );
    this.seqsStmt = db
      .prepare<[string, number, number, number], number>('SELECT seq FROM events WHERE conv_id = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?')
      .pluck(true);
    this.rowsStmt = db
      .prepare<[string], Row>(
        'SELECT seq, id, conv_id, sender_id, ts, body FROM events WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq',
      )
      .raw(true);
  }

  page(userId: string, after: number, limit: number, maxBytes: number): SyncPage {
    const head = this.events.head;
    const { seqs, more } = this.chooseSeqs(userId, after, limit, head);
    const events: string[] = [];
    let bytes = 0;
    let last = after;
    if (seqs.length > 0) {
      for (const row of this.rowsStmt.all(JSON.stringify(seqs))) {
        const json = eventJson(...row);
        const size = Buffer.byteLength(json) + 1;
        if (events.length > 0 && bytes + size > maxBytes) return { events, more: true, next: last };
        events.push(json);
        bytes += size;
        last = row[0];
      }
    }
    return more ? { events, more: true, next: last } : { events, more: false, next: Math.max(after, head) };
  }

  /** Up to `limit` visible seqs after `after`, ascending, and whether more exist. */
  private chooseSeqs(userId: string, after: number, limit: number, head: number): { seqs: number[]; more: boolean } {
    const windows = this.windowsStmt.all(userId, after);
    const chunk = Math.min(limit + 1, Math.max(4, Math.ceil((limit + 1) / Math.max(1, windows.length))));
    const cursors: Cursor[] = [];
    for (const window of windows) {
      const from = Math.max(after, window.joinedSeq - 1);
      const to = window.leftSeq ?? head;
      if (to <= from) continue;
      const cursor: Cursor = { convId: window.convId, from, to, seqs: [], index: 0, chunk, exhausted: false };
      if (this.refill(cursor)) cursors.push(cursor);
    }
    const seqs: number[] = [];
    for (;;) {
      const smallest = takeSmallest(cursors);
      if (!smallest) return { seqs, more: false };
      if (seqs.length === limit) return { seqs, more: true };
      seqs.push(smallest.seqs[smallest.index]!);
      smallest.index++;
      if (smallest.index === smallest.seqs.length && !this.refill(smallest)) cursors.splice(cursors.indexOf(smallest), 1);
    }
  }

  /** Loads the window's next chunk of seqs; false when it has no more. */
  private refill(cursor: Cursor): boolean {
    if (cursor.exhausted) return false;
    const seqs = this.seqsStmt.all(cursor.convId, cursor.from, cursor.to, cursor.chunk);
    if (seqs.length < cursor.chunk) cursor.exhausted = true;
    if (seqs.length === 0) return false;
    cursor.seqs = seqs;
    cursor.index = 0;
    cursor.from = seqs[seqs.length - 1]!;
    cursor.chunk = Math.min(cursor.chunk * 2, 1024);
    return true;
  }
}

function takeSmallest(cursors: Cursor[]): Cursor | undefined {
  let best: Cursor | undefined;
  let bestSeq = Infinity;
  for (const cursor of cursors) {
    const seq = cursor.seqs[cursor.index]!;
    if (seq < bestSeq) {
      best = cursor;
      bestSeq = seq;
    }
  }
  return best;
}
