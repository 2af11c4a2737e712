import type { Database } from 'better-sqlite3';
import type { EventBody } from '../../shared/protocol';
import type { Conversations } from '../conversations/conversations';
import { newEventId } from '../ids';
import type { EventEntry, EventStore } from './store';

export interface Ack {
  id: string;
  seq: number;
  ts: number;
}

export interface Appender {
  /** Stores an event (server-generated id unless given) and returns its acknowledgement. */
  append(input: { convId: string; senderId: string; body: EventBody; id?: string; alsoTo?: readonly string[] }): Ack;
}

/**
 * The one way to write events: a transaction, then (only after it committed) the live fan-out. Acks are returned after
 * the commit too, so a client never holds an ack for something a crash could lose ("persist before ack").
 */
export class Ledger {
  constructor(
    private readonly db: Database,
    private readonly events: EventStore,
    private readonly conversations: Conversations,
    private readonly publish: (entries: EventEntry[]) => void,
  ) {}

  write<T>(work: (tx: Appender) => T): T {
    const entries: EventEntry[] = [];
    const tx: Appender = {
      append: ({ convId, senderId, body, id, alsoTo }) => {
        const ts = Date.now();
        const eventId = id ?? newEventId();
        const entry = this.events.append({ id: eventId, convId, senderId, ts, body });
        if (alsoTo && alsoTo.length > 0) entry.alsoTo = alsoTo;
        entries.push(entry);
        return { id: eventId, seq: entry.seq, ts };
      },
    };
    let result: T;
    try {
      result = this.db.transaction(work)(tx);
    } catch (error) {
      if (entries.length > 0) this.events.reloadHead();
      this.conversations.settle(false);
      throw error;
    }
    this.conversations.settle(true);
    if (entries.length > 0) this.publish(entries);
    return result;
  }
}
