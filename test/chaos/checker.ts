/**
 * Decides, from what the senders recorded and what every member's store holds at the end, whether any message
 * was lost, shown twice, or ordered differently. Pure: the scenario gathers the data, this judges it.
 */

/** One send, as the sender's engine recorded it durably. */
export interface SentRecord {
  senderId: string;
  convId: string;
  /** Unique per send attempt by the user: the scenario writes a fresh text for every send. */
  text: string;
  /** The id `sendMessage` returned; null when the engine was killed before the call returned. */
  id: string | null;
}

/** A message as a member's store returns it (oldest first), system lines excluded. */
export interface StoredMessage {
  id: string;
  senderId: string;
  text: string;
  seq: number | null;
}

export interface MemberView {
  userId: string;
  convId: string;
  messages: StoredMessage[];
}

export interface CheckInput {
  conversations: { id: string; memberIds: string[] }[];
  /** Every sender's records in the order it sent them. */
  sent: SentRecord[];
  views: MemberView[];
  outboxes: { userId: string; size: number }[];
}

export interface Finding {
  convId: string;
  userId: string;
  /** The message id, or its text when no id is known. */
  message: string;
  detail: string;
}

export interface CheckResult {
  /** Sends the user saw complete (sendMessage returned an id). */
  sentAcknowledged: number;
  /** Sends interrupted by a kill that still reached the sender's store (they must be delivered too). */
  sentInterruptedButStored: number;
  /** Sends interrupted before they reached the store (legitimately absent everywhere). */
  sentInterruptedNotStored: number;
  /** Message copies each member should hold, summed over members. */
  expectedCopies: number;
  lost: Finding[];
  duplicated: Finding[];
  outOfOrder: Finding[];
  /** Messages in a store that no sender accounts for. */
  phantom: Finding[];
  /** Messages still without a server sequence at the end (never acknowledged). */
  unacknowledged: Finding[];
  outboxNotEmpty: { userId: string; size: number }[];
  ok: boolean;
}

interface Expected {
  id: string;
  text: string;
  senderId: string;
  /** Position in the sender's own send order, for the per-sender order check. */
  sendIndex: number;
}

const viewKey = (userId: string, convId: string) => `${userId}\u0000${convId}`;

export function checkDelivery(input: CheckInput): CheckResult {
  const views = new Map(input.views.map((view) => [viewKey(view.userId, view.convId), view.messages]));
  const result: CheckResult = {
    sentAcknowledged: 0,
    sentInterruptedButStored: 0,
    sentInterruptedNotStored: 0,
    expectedCopies: 0,
    lost: [],
    duplicated: [],
    outOfOrder: [],
    phantom: [],
    unacknowledged: [],
    outboxNotEmpty: input.outboxes.filter((outbox) => outbox.size !== 0),
    ok: false,
  };

  for (const conv of input.conversations) {
    const expected = expectedMessages(conv.id, input.sent, views, result);
    for (const userId of conv.memberIds) {
      const messages = views.get(viewKey(userId, conv.id));
      if (!messages) {
        for (const message of expected.values()) {
          result.lost.push({ convId: conv.id, userId, message: message.id, detail: 'no view of the conversation' });
        }
        continue;
      }
      checkMemberView(conv.id, userId, messages, expected, result);
    }
    checkSameOrder(conv.id, conv.memberIds, views, expected, result);
  }
  result.ok =
    result.lost.length === 0 &&
    result.duplicated.length === 0 &&
    result.outOfOrder.length === 0 &&
    result.phantom.length === 0 &&
    result.unacknowledged.length === 0 &&
    result.outboxNotEmpty.length === 0;
  return result;
}

/**
 * What every member must hold exactly once: each send that returned an id, plus each interrupted send that
 * reached the sender's own store (the outbox owns it from then on, so it must go out).
 */
function expectedMessages(
  convId: string,
  sent: SentRecord[],
  views: Map<string, StoredMessage[]>,
  result: CheckResult,
): Map<string, Expected> {
  const expected = new Map<string, Expected>();
  const sendIndex = new Map<string, number>();
  for (const record of sent) {
    const index = sendIndex.get(record.senderId) ?? 0;
    sendIndex.set(record.senderId, index + 1);
    if (record.convId !== convId) continue;
    let id = record.id;
    if (id === null) {
      const own = views.get(viewKey(record.senderId, convId)) ?? [];
      id = own.find((message) => message.senderId === record.senderId && message.text === record.text)?.id ?? null;
      if (id === null) {
        result.sentInterruptedNotStored++;
        continue;
      }
      result.sentInterruptedButStored++;
    } else {
      result.sentAcknowledged++;
    }
    expected.set(id, { id, text: record.text, senderId: record.senderId, sendIndex: index });
  }
  return expected;
}

function checkMemberView(
  convId: string,
  userId: string,
  messages: StoredMessage[],
  expected: Map<string, Expected>,
  result: CheckResult,
): void {
  const countById = new Map<string, number>();
  const idsByText = new Map<string, Set<string>>();
  for (const message of messages) {
    countById.set(message.id, (countById.get(message.id) ?? 0) + 1);
    const ids = idsByText.get(message.text) ?? new Set<string>();
    ids.add(message.id);
    idsByText.set(message.text, ids);
    if (!expected.has(message.id)) {
      result.phantom.push({ convId, userId, message: message.id, detail: `no sender accounts for "${message.text}"` });
    }
    if (message.seq === null) {
      result.unacknowledged.push({ convId, userId, message: message.id, detail: 'still pending at the end' });
    }
  }
  for (const message of expected.values()) {
    result.expectedCopies++;
    const count = countById.get(message.id) ?? 0;
    if (count === 0) result.lost.push({ convId, userId, message: message.id, detail: `"${message.text}" is missing` });
    if (count > 1) result.duplicated.push({ convId, userId, message: message.id, detail: `stored ${count} times` });
    // The same send under two ids is shown twice just the same (a resend that minted a new id).
    const ids = idsByText.get(message.text);
    if (ids && ids.size > 1) {
      result.duplicated.push({ convId, userId, message: message.id, detail: `"${message.text}" stored under ${ids.size} ids` });
    }
  }
  checkOwnOrder(convId, userId, messages, expected, result);
}

/** Within one store: sequences strictly increase, and each sender's messages keep the order they were sent in. */
function checkOwnOrder(
  convId: string,
  userId: string,
  messages: StoredMessage[],
  expected: Map<string, Expected>,
  result: CheckResult,
): void {
  let lastSeq = -Infinity;
  const lastIndexBySender = new Map<string, number>();
  for (const message of messages) {
    if (message.seq !== null) {
      if (message.seq <= lastSeq) {
        result.outOfOrder.push({ convId, userId, message: message.id, detail: `seq ${message.seq} after ${lastSeq}` });
      }
      lastSeq = message.seq;
    }
    const known = expected.get(message.id);
    if (!known) continue;
    const last = lastIndexBySender.get(known.senderId) ?? -1;
    if (known.sendIndex < last) {
      result.outOfOrder.push({ convId, userId, message: message.id, detail: `shown after a message ${known.senderId} sent later` });
    }
    lastIndexBySender.set(known.senderId, Math.max(last, known.sendIndex));
  }
}

/** Every member sees the expected messages in the same order as the first member. */
function checkSameOrder(
  convId: string,
  memberIds: string[],
  views: Map<string, StoredMessage[]>,
  expected: Map<string, Expected>,
  result: CheckResult,
): void {
  const orderOf = (userId: string) =>
    (views.get(viewKey(userId, convId)) ?? []).map((message) => message.id).filter((id) => expected.has(id));
  const [first, ...others] = memberIds;
  if (first === undefined) return;
  const reference = dedupe(orderOf(first));
  for (const userId of others) {
    const order = dedupe(orderOf(userId));
    const inReference = new Set(reference);
    const common = new Set(order.filter((id) => inReference.has(id)));
    const a = reference.filter((id) => common.has(id));
    const b = order.filter((id) => common.has(id));
    const at = a.findIndex((id, i) => b[i] !== id);
    if (at >= 0) {
      result.outOfOrder.push({ convId, userId, message: b[at]!, detail: `order differs from ${first}'s at position ${at}` });
    }
  }
}

function dedupe(ids: string[]): string[] {
  return [...new Set(ids)];
}
