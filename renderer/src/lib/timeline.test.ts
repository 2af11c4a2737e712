import { describe, expect, it } from 'vitest';
import { buildTimeline, mergeMessages } from './timeline';
import { fakeMessage } from '../testing/createFakeApi';

describe('timeline rows', () => {
  it('puts a day separator before each new day and the unread marker before the first unread message', () => {
    const day1 = fakeMessage('c', 'one', { ts: new Date(2025, 0, 1, 10).getTime() });
    const day1b = fakeMessage('c', 'two', { ts: new Date(2025, 0, 1, 10, 1).getTime() });
    const day2 = fakeMessage('c', 'three', { ts: new Date(2025, 0, 2, 9).getTime() });
    const rows = buildTimeline([day1, day1b, day2], day2.id);
    expect(rows.map((r) => r.kind)).toEqual(['day', 'message', 'message', 'day', 'unread', 'message']);
    const second = rows[2];
    expect(second?.kind === 'message' && second.continued).toBe(true);
  });

  it('merges changes by id and keeps sort-key order when a pending message is acknowledged', () => {
    const a = fakeMessage('c', 'a', { sortKey: 1 });
    const pending = fakeMessage('c', 'mine', { sortKey: 100, status: 'pending' });
    const b = fakeMessage('c', 'b', { sortKey: 2 });
    const merged = mergeMessages([a, pending], [b, { ...pending, sortKey: 3, status: 'sent' }]);
    expect(merged.map((m) => [m.text, m.status])).toEqual([['a', null], ['b', null], ['mine', 'sent']]);
  });

  it('marks each local calendar day once, including days that are not 24 hours long, and across a month end', () => {
    const at = (month: number, day: number, hour: number, minute = 0) => new Date(2025, month, day, hour, minute).getTime();
    const times = [at(2, 29, 23, 50), at(2, 30, 0, 10), at(2, 30, 1, 30), at(2, 30, 3, 30), at(2, 30, 23, 59), at(2, 31, 0, 0), at(3, 1, 12)];
    const messages = times.map((ts, i) => fakeMessage('c', `m${i}`, { ts, sortKey: i + 1, senderId: 'same' }));
    const rows = buildTimeline(messages, null);
    expect(rows.map((r) => (r.kind === 'message' ? r.message.text : r.key))).toEqual([
      `day:${new Date(times[0]!).toDateString()}`,
      'm0',
      `day:${new Date(times[1]!).toDateString()}`,
      'm1',
      'm2',
      'm3',
      'm4',
      `day:${new Date(times[5]!).toDateString()}`,
      'm5',
      `day:${new Date(times[6]!).toDateString()}`,
      'm6',
    ]);
    // Grouped with the message above only within a day and a few minutes.
    expect(rows.filter((r) => r.kind === 'message').map((r) => r.kind === 'message' && r.continued)).toEqual([false, false, false, false, false, false, false]);
    const close = [at(5, 1, 9), at(5, 1, 9, 2), at(5, 1, 9, 4)].map((ts, i) => fakeMessage('c', `c${i}`, { ts, sortKey: i + 1, senderId: 'same' }));
    expect(buildTimeline(close, null).map((r) => r.kind === 'message' && r.continued)).toEqual([false, false, true, true]);
  });

  it('puts a page of older or newer history before or after what is loaded, and still merges overlapping changes', () => {
    const loaded = [3, 4, 5].map((k) => fakeMessage('c', `m${k}`, { sortKey: k }));
    const older = [1, 2].map((k) => fakeMessage('c', `m${k}`, { sortKey: k }));
    const newer = [6, 7].map((k) => fakeMessage('c', `m${k}`, { sortKey: k }));
    expect(mergeMessages(loaded, older).map((m) => m.sortKey)).toEqual([1, 2, 3, 4, 5]);
    expect(mergeMessages(loaded, newer).map((m) => m.sortKey)).toEqual([3, 4, 5, 6, 7]);
    const edited = { ...loaded[1]!, text: 'edited' };
    expect(mergeMessages(loaded, [older[0]!, edited]).map((m) => [m.sortKey, m.text])).toEqual([[1, 'm1'], [3, 'm3'], [4, 'edited'], [5, 'm5']]);
    expect(mergeMessages(loaded, [...newer].reverse()).map((m) => m.sortKey)).toEqual([3, 4, 5, 6, 7]);
  });

  it('replaces the last message when it comes back acknowledged with a later sort key, instead of adding it again', () => {
    const sent = fakeMessage('c', 'sent', { sortKey: 10 });
    const pending = fakeMessage('c', 'mine', { sortKey: 11, status: 'pending' });
    const merged = mergeMessages([sent, pending], [{ ...pending, sortKey: 12, status: 'sent' }]);
    expect(merged.map((m) => [m.id, m.sortKey, m.status])).toEqual([[sent.id, 10, null], [pending.id, 12, 'sent']]);
    const later = fakeMessage('c', 'later', { sortKey: 20 });
    expect(mergeMessages([sent, later], [{ ...later, sortKey: 5 }]).map((m) => [m.id, m.sortKey])).toEqual([[later.id, 5], [sent.id, 10]]);
  });
});
