import type { ParleyApi } from '../api';
import type { CommandInput, CommandOutput, EventPayload } from '../../../shared/contract/api';
import type { CommandName, EventName } from '../../../shared/contract/names';
import type { ConnectionState, ConversationSummary, Message, SessionState, Settings, User } from '../../../shared/domain';

type Handler<K extends CommandName> = (input: CommandInput<K>) => Promise<CommandOutput<K>>;

/** A call the fake saw, for assertions. */
export interface FakeCall {
  name: CommandName;
  input: unknown;
}

class FakeError extends Error {
  override readonly name = 'ParleyError';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

export const fakeError = (code: string, message = code): Error => new FakeError(code, message);

const me: User = { id: 'u-me', username: 'me' };

/**
 * An in-memory `ParleyApi` for component tests and local visual checks: conversations, paged messages, search,
 * settings and events, with every call recorded and any call overridable (to fail it, or slow it down).
 */
export function createFakeApi(seed: { signedIn?: boolean; conversations?: ConversationSummary[]; messages?: Message[] } = {}) {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const calls: FakeCall[] = [];
  const overrides: Partial<{ [K in CommandName]: Handler<K> }> = {};
  let session: SessionState = seed.signedIn
    ? { signedIn: true, user: me, server: 'ws://fake' }
    : { signedIn: false, lastServer: 'ws://fake', lastUsername: null, secureStorage: 'encrypted', reason: null };
  let settings: Settings = { notifications: true, doNotDisturb: false, theme: 'light', language: 'en', closeToTray: false, startAtLogin: false };
  const connection: ConnectionState = { state: 'online', reason: 'test', rttMs: 12, retryAt: null, sync: null };
  const conversations = new Map((seed.conversations ?? []).map((c) => [c.id, c]));
  let messages: Message[] = [...(seed.messages ?? [])].sort((a, b) => a.sortKey - b.sortKey);
  const drafts = new Map<string, string>();
  let nextKey = (messages.at(-1)?.sortKey ?? 0) + 1;

  const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    for (const listener of listeners.get(name) ?? []) listener(payload);
  };
  const inConv = (convId: string) => messages.filter((m) => m.convId === convId);
  const findMessage = (id: string) => {
    const found = messages.find((m) => m.id === id);
    if (!found) throw fakeError('not_found');
    return found;
  };
  const replaceMessage = (next: Message): Message => {
    messages = messages.map((m) => (m.id === next.id ? next : m));
    emit('messagesChanged', { convId: next.convId, messages: [next] });
    return next;
  };

  const handlers: { [K in CommandName]: Handler<K> } = {
    getSession: async () => session,
    signIn: async (input) => {
      session = { signedIn: true, user: { id: 'u-me', username: input.username }, server: input.server };
      return session.user;
    },
    register: async (input) => handlers.signIn(input),
    signOut: async () => {
      session = { signedIn: false, lastServer: 'ws://fake', lastUsername: 'me', secureStorage: 'encrypted', reason: null };
      return null;
    },
    getConnection: async () => connection,
    getCapabilities: async () => ({ shell: 'web', platform: 'test', closeToTray: false, startAtLogin: false, notifications: false }),
    listConversations: async () => [...conversations.values()],
    pageMessages: async ({ convId, anchor, limit }) => {
      const all = inConv(convId);
      let start: number;
      let end: number;
      if (anchor.kind === 'latest') [start, end] = [Math.max(0, all.length - limit), all.length];
      else if (anchor.kind === 'before') {
        end = all.findIndex((m) => m.sortKey >= anchor.sortKey);
        if (end < 0) end = all.length;
        start = Math.max(0, end - limit);
      } else if (anchor.kind === 'after') {
        start = all.findIndex((m) => m.sortKey > anchor.sortKey);
        if (start < 0) start = all.length;
        end = Math.min(all.length, start + limit);
      } else {
        const at = all.findIndex((m) => m.id === anchor.messageId);
        if (at < 0) throw fakeError('not_found');
        start = Math.max(0, at - Math.floor(limit / 2));
        end = Math.min(all.length, start + limit);
      }
      return { messages: all.slice(start, end), hasOlder: start > 0, hasNewer: end < all.length };
    },
    sendMessage: async ({ convId, text, replyTo }) => {
      const message: Message = {
        id: `m-${nextKey}`, convId, senderId: me.id, senderName: me.username, seq: null, sortKey: nextKey++, ts: Date.now(), text,
        mine: true, status: 'pending', error: null, edited: false, deleted: false, system: null, reactions: [],
        replyTo: replyTo ? { id: replyTo, senderName: findMessage(replyTo).senderName, text: findMessage(replyTo).text, deleted: false, known: true } : null,
      };
      messages = [...messages, message];
      emit('messagesChanged', { convId, messages: [message] });
      return message;
    },
    editMessage: async ({ messageId, text }) => replaceMessage({ ...findMessage(messageId), text, edited: true }),
    deleteMessage: async ({ messageId }) => replaceMessage({ ...findMessage(messageId), text: '', deleted: true }),
    react: async ({ messageId, emoji, on }) => {
      const message = findMessage(messageId);
      const others = message.reactions.filter((r) => r.emoji !== emoji);
      return replaceMessage({ ...message, reactions: on ? [...others, { emoji, count: 1, mine: true }] : others });
    },
    retryMessage: async ({ messageId }) => replaceMessage({ ...findMessage(messageId), status: 'pending', error: null }),
    markRead: async () => null,
    setTyping: async () => null,
    setActiveConversation: async () => null,
    searchMessages: async ({ query }) =>
      messages
        .filter((m) => m.text.toLowerCase().includes(query.toLowerCase()))
        .map((m) => {
          const at = m.text.toLowerCase().indexOf(query.toLowerCase());
          return {
            messageId: m.id, convId: m.convId, convTitle: conversations.get(m.convId)?.title ?? '', senderName: m.senderName, ts: m.ts,
            snippet: [
              { text: m.text.slice(0, at), match: false },
              { text: m.text.slice(at, at + query.length), match: true },
              { text: m.text.slice(at + query.length), match: false },
            ],
          };
        }),
    findUsers: async ({ prefix }) => [{ id: 'u-bob', username: 'bob' }, { id: 'u-carol', username: 'carol' }].filter((u) => u.username.startsWith(prefix)),
    getPresence: async ({ userIds }) => userIds.map((userId) => ({ userId, online: true, lastSeen: null })),
    createDirect: async ({ userId }) => {
      throw fakeError('not_found', `no user ${userId}`);
    },
    createGroup: async () => {
      throw fakeError('offline');
    },
    addMembers: async ({ convId }) => conversations.get(convId)!,
    removeMember: async ({ convId }) => conversations.get(convId)!,
    leaveConversation: async () => null,
    renameGroup: async ({ convId, title }) => {
      const next = { ...conversations.get(convId)!, title };
      conversations.set(convId, next);
      return next;
    },
    setMuted: async ({ convId, muted }) => {
      const next = { ...conversations.get(convId)!, muted };
      conversations.set(convId, next);
      return next;
    },
    getDraft: async ({ convId }) => drafts.get(convId) ?? '',
    setDraft: async ({ convId, text }) => {
      drafts.set(convId, text);
      return null;
    },
    getSettings: async () => settings,
    updateSettings: async (patch) => {
      settings = { ...settings, ...patch };
      return settings;
    },
  };

  const api: Record<string, unknown> = {};
  for (const name of Object.keys(handlers) as CommandName[]) {
    api[name] = (input: unknown) => {
      calls.push({ name, input });
      const handler = (overrides[name] ?? handlers[name]) as (input: unknown) => Promise<unknown>;
      return handler(input);
    };
  }
  const eventNames: EventName[] = ['sessionChanged', 'connectionChanged', 'conversationsChanged', 'messagesChanged', 'typingChanged', 'presenceChanged', 'settingsChanged', 'openConversation'];
  for (const name of eventNames) {
    api[`on${name[0]!.toUpperCase()}${name.slice(1)}`] = (listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => void set.delete(listener);
    };
  }

  return {
    api: api as unknown as ParleyApi,
    calls,
    callsOf: (name: CommandName) => calls.filter((c) => c.name === name).map((c) => c.input),
    override<K extends CommandName>(name: K, handler: Handler<K>): void {
      (overrides as Record<string, unknown>)[name] = handler;
    },
    emit,
    drafts,
  };
}
export type FakeApi = ReturnType<typeof createFakeApi>;

let counter = 0;
export function fakeMessage(convId: string, text: string, extra: Partial<Message> = {}): Message {
  counter += 1;
  return {
    id: `seed-${counter}`, convId, senderId: 'u-bob', senderName: 'bob', seq: counter, sortKey: counter, ts: Date.UTC(2025, 0, 1, 12, counter % 60),
    text, mine: false, status: null, error: null, edited: false, deleted: false, replyTo: null, reactions: [], system: null, ...extra,
  };
}

export function fakeConversation(id: string, title: string, extra: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id, kind: 'direct', title, members: [me, { id: `u-${title}`, username: title }], peer: { id: `u-${title}`, username: title },
    lastMessage: null, lastActivity: 0, unread: 0, firstUnreadId: null, muted: false, left: false, hasDraft: false, ...extra,
  };
}
