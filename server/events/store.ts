import type { Database } from 'better-sqlite3';
import type { EventBody } from '../../shared/protocol';

/** An event ready to send: its JSON is built once and reused for every socket and every sync page. */
export interface EventEntry {
  seq: number;
  convId: string;
  json: string;
  /** Users who must receive it live although they are no longer members (the one removed or leaving). */
  alsoTo?: readonly string[];
}

export interface StoredRef {
  seq: number;
  convId: string;
  senderId: string;
  ts: number;
  kind: string;
  body: string;
}

/**
 * The event JSON from its columns. Ids are [A-Za-z0-9_-] (validated on the way in, or generated) and the body is stored
 * as JSON, so no field needs escaping and nothing is parsed again.
 */
export function eventJson(seq: number, id: string, convId: string, senderId: string, ts: number, body: string): string {
  return `{"seq":${seq},"id":"${id}","convId":"${convId}","senderId":"${senderId}","ts":${ts},"body":${body}}`;
}

/** The global, append-only event log. `seq` is assigned here: one counter for the whole server. */
export class EventStore {
  private last: number;
  private readonly insert;
  private readonly byIdStmt;
  private readonly convHeadStmt;
  private readonly maxSeq;
  private readonly setBody;
  private readonly editsOf;

  constructor(db: Database) {
    this.insert = db.prepare<[number, string, string, string, number, string, string | null, string]>(
      'INSERT INTO events (seq, id, conv_id, sender_id, ts, kind, target, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.byIdStmt = db.prepare<[string], StoredRef>(
      'SELECT seq, conv_id AS convId, sender_id AS senderId, ts, kind, body FROM events WHERE id = ?',
    );
    this.convHeadStmt = db.prepare<[string], { head: number | null }>(
      "SELECT seq AS head FROM events WHERE conv_id = ? AND kind != 'receipt' ORDER BY seq DESC LIMIT 1",
    );
    this.maxSeq = db.prepare<[], { head: number | null }>('SELECT max(seq) AS head FROM events');
    this.setBody = db.prepare<[string, number]>('UPDATE events SET body = ? WHERE seq = ?');
    this.editsOf = db.prepare<[string, string], { seq: number; body: string }>(
      "SELECT seq, body FROM events WHERE target = ? AND conv_id = ? AND kind = 'edit'",
    );
    this.last = this.readHead();
  }

  /** The highest seq stored. */
  get head(): number {
    return this.last;
  }

  /** Re-reads the head after a rolled-back transaction (an append inside it had advanced it). */
  reloadHead(): void {
    this.last = this.readHead();
  }

  append(input: { id: string; convId: string; senderId: string; ts: number; body: EventBody }): EventEntry {
    const seq = this.last + 1;
    const body = JSON.stringify(input.body);
    const target = 'target' in input.body ? input.body.target : null;
    this.insert.run(seq, input.id, input.convId, input.senderId, input.ts, input.body.kind, target, body);
    this.last = seq;
    return { seq, convId: input.convId, json: eventJson(seq, input.id, input.convId, input.senderId, input.ts, body) };
  }

  /** The seq the next append will get (to record membership windows before the event that opens them). */
  nextSeq(): number {
    return this.last + 1;
  }

  byId(id: string): StoredRef | undefined {
    return this.byIdStmt.get(id);
  }

  /** The last event of the conversation that can be received or read (receipts themselves do not count). */
  convHead(convId: string): number {
    return this.convHeadStmt.get(convId)?.head ?? 0;
  }

  /** Erases the text of a deleted message and of its edits; the events stay (tombstones) and say `deleted: true`. */
  redactMessage(id: string, convId: string, message: StoredRef): void {
    this.setBody.run(redact(message.body), message.seq);
    for (const edit of this.editsOf.all(id, convId)) this.setBody.run(redact(edit.body), edit.seq);
  }

  private readHead(): number {
    return this.maxSeq.get()?.head ?? 0;
  }
}

function redact(body: string): string {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  return JSON.stringify({ ...parsed, text: '', deleted: true });
}
