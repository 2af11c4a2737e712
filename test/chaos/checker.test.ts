import { describe, expect, it } from 'vitest';
import { checkDelivery, type CheckInput, type SentRecord, type StoredMessage } from './checker';

const conv = { id: 'g1', memberIds: ['a', 'b', 'c'] };

function sends(): SentRecord[] {
  return [
    { senderId: 'a', convId: 'g1', text: 'a#0', id: 'm1' },
    { senderId: 'b', convId: 'g1', text: 'b#0', id: 'm2' },
    { senderId: 'a', convId: 'g1', text: 'a#1', id: 'm3' },
    { senderId: 'c', convId: 'g1', text: 'c#0', id: 'm4' },
  ];
}

function stored(ids = ['m1', 'm2', 'm3', 'm4']): StoredMessage[] {
  const all: Record<string, StoredMessage> = {
    m1: { id: 'm1', senderId: 'a', text: 'a#0', seq: 10 },
    m2: { id: 'm2', senderId: 'b', text: 'b#0', seq: 11 },
    m3: { id: 'm3', senderId: 'a', text: 'a#1', seq: 12 },
    m4: { id: 'm4', senderId: 'c', text: 'c#0', seq: 13 },
    m5: { id: 'm5', senderId: 'c', text: 'c#1', seq: 14 },
  };
  return ids.map((id) => ({ ...all[id]! }));
}

function input(overrides: Partial<CheckInput> = {}): CheckInput {
  return {
    conversations: [conv],
    sent: sends(),
    views: conv.memberIds.map((userId) => ({ userId, convId: 'g1', messages: stored() })),
    outboxes: conv.memberIds.map((userId) => ({ userId, size: 0 })),
    ...overrides,
  };
}

describe('checkDelivery', () => {
  it('passes when every member holds every message once, in one order, with empty outboxes', () => {
    const result = checkDelivery(input());
    expect(result.ok).toBe(true);
    expect(result.sentAcknowledged).toBe(4);
    expect(result.expectedCopies).toBe(12);
  });

  it('flags a message missing from one member as lost', () => {
    const data = input();
    data.views[1]!.messages = stored(['m1', 'm3', 'm4']);
    const result = checkDelivery(data);
    expect(result.ok).toBe(false);
    expect(result.lost).toEqual([expect.objectContaining({ userId: 'b', message: 'm2' })]);
  });

  it('flags a message stored twice, by id and by the same text under a new id', () => {
    const data = input();
    data.views[2]!.messages = [...stored(), { id: 'm4', senderId: 'c', text: 'c#0', seq: 13 }];
    data.views[0]!.messages = [...stored(), { id: 'm9', senderId: 'c', text: 'c#0', seq: 20 }];
    const result = checkDelivery(data);
    expect(result.ok).toBe(false);
    expect(result.duplicated.map((finding) => finding.userId).sort()).toEqual(['a', 'c']);
  });

  it('flags members that disagree on the order, and a sender whose messages are swapped', () => {
    const data = input();
    data.views[1]!.messages = stored(['m2', 'm1', 'm3', 'm4']).map((m, i) => ({ ...m, seq: 10 + i }));
    const result = checkDelivery(data);
    expect(result.ok).toBe(false);
    expect(result.outOfOrder.some((finding) => finding.userId === 'b' && finding.detail.includes('order differs'))).toBe(true);

    const swapped = input();
    for (const view of swapped.views) view.messages = stored(['m3', 'm2', 'm1', 'm4']).map((m, i) => ({ ...m, seq: 10 + i }));
    const result2 = checkDelivery(swapped);
    expect(result2.outOfOrder.filter((finding) => finding.detail.includes('sent later'))).toHaveLength(3);
  });

  it('flags sequences that go backwards in a store', () => {
    const data = input();
    data.views[0]!.messages = stored().map((m, i) => ({ ...m, seq: i === 2 ? 5 : m.seq }));
    expect(checkDelivery(data).outOfOrder).toEqual([expect.objectContaining({ userId: 'a', message: 'm3' })]);
  });

  it('requires an interrupted send that reached the sender store to reach everyone', () => {
    const sent = [...sends(), { senderId: 'c', convId: 'g1', text: 'c#1', id: null }];
    const data = input({ sent });
    data.views[2]!.messages = stored(['m1', 'm2', 'm3', 'm4', 'm5']);
    const result = checkDelivery(data);
    expect(result.sentInterruptedButStored).toBe(1);
    expect(result.lost.map((finding) => finding.userId).sort()).toEqual(['a', 'b']);

    for (const view of data.views) view.messages = stored(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(checkDelivery(data).ok).toBe(true);
  });

  it('accepts an interrupted send that never reached the store, and flags phantoms, pending messages and outboxes', () => {
    const sent = [...sends(), { senderId: 'c', convId: 'g1', text: 'c#1', id: null }];
    expect(checkDelivery(input({ sent })).sentInterruptedNotStored).toBe(1);

    const data = input({ outboxes: [{ userId: 'a', size: 2 }] });
    data.views[0]!.messages = [...stored(), { id: 'zz', senderId: 'b', text: 'unknown', seq: 30 }];
    data.views[1]!.messages = stored().map((m) => (m.id === 'm4' ? { ...m, seq: null } : m));
    const result = checkDelivery(data);
    expect(result.phantom).toHaveLength(1);
    expect(result.unacknowledged).toHaveLength(1);
    expect(result.outboxNotEmpty).toEqual([{ userId: 'a', size: 2 }]);
    expect(result.ok).toBe(false);
  });
});
