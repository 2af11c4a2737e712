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
});
