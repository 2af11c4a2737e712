import type { ConversationSummary, Message } from '../../../shared/domain';

/** Plain domain values for shell tests (the shapes come from shared/domain, nothing of the engine is faked). */
export function conversation(id: string, overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id,
    kind: 'direct',
    title: `Chat ${id}`,
    members: [],
    peer: null,
    lastMessage: null,
    lastActivity: 1,
    unread: 0,
    firstUnreadId: null,
    muted: false,
    left: false,
    hasDraft: false,
    ...overrides,
  };
}

let counter = 0;
export function message(convId: string, text: string, overrides: Partial<Message> = {}): Message {
  counter += 1;
  return {
    id: `m${counter}`,
    convId,
    senderId: 'u-bob',
    senderName: 'bob',
    seq: counter,
    sortKey: counter,
    ts: 1_700_000_000_000 + counter,
    text,
    mine: false,
    status: null,
    error: null,
    edited: false,
    deleted: false,
    replyTo: null,
    reactions: [],
    system: null,
    ...overrides,
  };
}
