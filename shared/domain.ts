import { z } from 'zod';
import { ConversationKind, ConvId, EventId, Seq, Timestamp, UserId, Username } from './protocol/primitives';

/** Domain types the engine hands to the renderer: plain, serializable, already resolved for display. */

export const User = z.object({ id: UserId, username: Username });
export type User = z.infer<typeof User>;

export const Presence = z.object({ userId: UserId, online: z.boolean(), lastSeen: Timestamp.nullable() });
export type Presence = z.infer<typeof Presence>;

/** Delivery state of the user's own messages; null on messages of others. */
export const MessageStatus = z.enum(['pending', 'sent', 'delivered', 'read', 'failed']);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const Reaction = z.object({ emoji: z.string(), count: z.number().int(), mine: z.boolean() });
export type Reaction = z.infer<typeof Reaction>;

export const ReplyPreview = z.object({
  id: EventId,
  senderName: z.string(),
  text: z.string(),
  deleted: z.boolean(),
  /** False when the replied-to message is not in the local store (yet). */
  known: z.boolean(),
});
export type ReplyPreview = z.infer<typeof ReplyPreview>;

/** A change to a conversation shown as a line in the timeline ("alice added bob"). Localized by the renderer. */
export const SystemNote = z.object({
  change: z.enum(['created', 'members_added', 'member_removed', 'member_left', 'renamed']),
  actorName: z.string(),
  subjectNames: z.array(z.string()),
  title: z.string(),
});
export type SystemNote = z.infer<typeof SystemNote>;

export const Message = z.object({
  id: EventId,
  convId: ConvId,
  senderId: UserId,
  senderName: z.string(),
  /** Server sequence; null while the message has not been acknowledged. */
  seq: Seq.nullable(),
  /** Keyset cursor for paging: orders messages within a conversation (acknowledged first by seq, then pending). */
  sortKey: z.number(),
  /** Server time once acknowledged, local time before. */
  ts: Timestamp,
  text: z.string(),
  mine: z.boolean(),
  status: MessageStatus.nullable(),
  /** Why the last send attempt failed, for status 'failed'. */
  error: z.string().nullable(),
  edited: z.boolean(),
  deleted: z.boolean(),
  replyTo: ReplyPreview.nullable(),
  reactions: z.array(Reaction),
  system: SystemNote.nullable(),
});
export type Message = z.infer<typeof Message>;

export const LastMessagePreview = z.object({
  senderName: z.string(),
  text: z.string(),
  ts: Timestamp,
  mine: z.boolean(),
  deleted: z.boolean(),
  system: z.boolean(),
});

export const ConversationSummary = z.object({
  id: ConvId,
  kind: ConversationKind,
  /** Group title, or the other user's name for a direct conversation. */
  title: z.string(),
  members: z.array(User),
  /** The other user of a direct conversation. */
  peer: User.nullable(),
  lastMessage: LastMessagePreview.nullable(),
  /** Time of the last activity, for sorting the list. */
  lastActivity: Timestamp,
  unread: z.number().int().min(0),
  /** Id of the first unread message, for the "new messages" marker. */
  firstUnreadId: EventId.nullable(),
  muted: z.boolean(),
  /** The user left or was removed: history stays readable, sending is disabled. */
  left: z.boolean(),
  hasDraft: z.boolean(),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

export const ConnectionStateName = z.enum(['offline', 'connecting', 'authenticating', 'syncing', 'online']);
export type ConnectionStateName = z.infer<typeof ConnectionStateName>;

export const ConnectionState = z.object({
  state: ConnectionStateName,
  /** Why the state last changed, in words for logs and tooltips. */
  reason: z.string(),
  /** Smoothed round-trip time of application pings, when online. */
  rttMs: z.number().nullable(),
  /** When the next reconnect attempt is due, while offline and retrying. */
  retryAt: Timestamp.nullable(),
  sync: z.object({ applied: z.number().int(), done: z.boolean() }).nullable(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

export const SecureStorage = z.enum(['encrypted', 'plaintext', 'unavailable']);

export const SessionState = z.discriminatedUnion('signedIn', [
  z.object({
    signedIn: z.literal(false),
    lastServer: z.string().nullable(),
    lastUsername: z.string().nullable(),
    /** How a remembered session token would be stored: 'plaintext' means the OS offers no secure store. */
    secureStorage: SecureStorage,
    /** Why the session ended (token expired, signed out elsewhere), when it did not end by the user's wish. */
    reason: z.string().nullable(),
  }),
  z.object({ signedIn: z.literal(true), user: User, server: z.string() }),
]);
export type SessionState = z.infer<typeof SessionState>;

export const Theme = z.enum(['system', 'light', 'dark']);
export const Language = z.enum(['en', 'zh-CN']);
export type Language = z.infer<typeof Language>;

export const Settings = z.object({
  notifications: z.boolean(),
  doNotDisturb: z.boolean(),
  theme: Theme,
  language: Language,
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

export const Capabilities = z.object({
  shell: z.enum(['electron', 'web']),
  platform: z.string(),
  closeToTray: z.boolean(),
  startAtLogin: z.boolean(),
  notifications: z.boolean(),
});
export type Capabilities = z.infer<typeof Capabilities>;

/** A piece of a search snippet; `match` pieces are the words that matched. Never HTML. */
export const SnippetPart = z.object({ text: z.string(), match: z.boolean() });

export const SearchHit = z.object({
  messageId: EventId,
  convId: ConvId,
  convTitle: z.string(),
  senderName: z.string(),
  ts: Timestamp,
  snippet: z.array(SnippetPart),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const MessagePage = z.object({
  /** Oldest first. */
  messages: z.array(Message),
  hasOlder: z.boolean(),
  hasNewer: z.boolean(),
});
export type MessagePage = z.infer<typeof MessagePage>;
