import type { Message } from '../../../shared/domain';
import { sameDay } from '../i18n/createI18n';

export type TimelineRow =
  | { kind: 'day'; key: string; ts: number }
  | { kind: 'unread'; key: 'unread' }
  | { kind: 'message'; key: string; message: Message; /** Same sender as the row above, shortly after: no name, tight spacing. */ continued: boolean };

const GROUPING_WINDOW_MS = 5 * 60_000;

/** Interleaves day separators and the "new messages" marker with the messages (oldest first). */
export function buildTimeline(messages: readonly Message[], firstUnreadId: string | null): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let previous: Message | undefined;
  for (const message of messages) {
    const newDay = !previous || !sameDay(previous.ts, message.ts);
    // Keyed by the calendar day, not by a message: the key must survive older messages being prepended.
    if (newDay) rows.push({ kind: 'day', key: `day:${new Date(message.ts).toDateString()}`, ts: message.ts });
    const unreadHere = message.id === firstUnreadId;
    if (unreadHere) rows.push({ kind: 'unread', key: 'unread' });
    const continued =
      !newDay && !unreadHere && previous !== undefined && previous.system === null && message.system === null &&
      previous.senderId === message.senderId && message.ts - previous.ts < GROUPING_WINDOW_MS;
    rows.push({ kind: 'message', key: message.id, message, continued });
    previous = message;
  }
  return rows;
}

/** Inserts or replaces messages, keeping the list ordered by sort key. Returns a new array. */
export function mergeMessages(current: readonly Message[], changed: readonly Message[]): Message[] {
  const byId = new Map(current.map((message, index) => [message.id, index]));
  const next = current.slice();
  let needsSort = false;
  for (const message of changed) {
    const index = byId.get(message.id);
    if (index === undefined) {
      byId.set(message.id, next.length);
      next.push(message);
      needsSort = true;
    } else {
      if (next[index]!.sortKey !== message.sortKey) needsSort = true;
      next[index] = message;
    }
  }
  if (needsSort) next.sort((a, b) => a.sortKey - b.sortKey);
  return next;
}
