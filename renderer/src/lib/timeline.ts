import type { Message } from '../../../shared/domain';
import { startOfDay, startOfNextDay } from '../i18n/createI18n';

export type TimelineRow =
  | { kind: 'day'; key: string; ts: number }
  | { kind: 'unread'; key: 'unread' }
  | { kind: 'message'; key: string; message: Message; /** Same sender as the row above, shortly after: no name, tight spacing. */ continued: boolean };

const GROUPING_WINDOW_MS = 5 * 60_000;

/**
 * Interleaves day separators and the "new messages" marker with the messages (oldest first). Runs over the whole
 * loaded history whenever a page comes in, so local calendar days are worked out once per day, not per message.
 */
export function buildTimeline(messages: readonly Message[], firstUnreadId: string | null): TimelineRow[] {
  const rows: TimelineRow[] = [];
  let previous: Message | undefined;
  let dayStart = 0;
  let dayEnd = -1;
  for (const message of messages) {
    const newDay = !previous || message.ts < dayStart || message.ts >= dayEnd;
    if (newDay) {
      dayStart = startOfDay(message.ts);
      dayEnd = startOfNextDay(message.ts);
      // Keyed by the calendar day, not by a message: the key must survive older messages being prepended.
      rows.push({ kind: 'day', key: `day:${new Date(dayStart).toDateString()}`, ts: message.ts });
    }
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
  // A page of history lands wholly before or after what is loaded: no sort. (A message already loaded can come
  // back with a new sort key, a pending one acknowledged: that is a replacement, not a page.)
  if (current.length > 0 && changed.length > 0 && isSorted(changed)) {
    const older = changed.at(-1)!.sortKey < current[0]!.sortKey;
    const newer = changed[0]!.sortKey > current.at(-1)!.sortKey;
    if ((older || newer) && !containsAny(current, changed)) return older ? [...changed, ...current] : [...current, ...changed];
  }
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

function containsAny(current: readonly Message[], changed: readonly Message[]): boolean {
  const ids = new Set(changed.map((message) => message.id));
  return current.some((message) => ids.has(message.id));
}

function isSorted(messages: readonly Message[]): boolean {
  for (let i = 1; i < messages.length; i++) if (messages[i - 1]!.sortKey >= messages[i]!.sortKey) return false;
  return true;
}
