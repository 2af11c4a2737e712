import { z } from 'zod';
import { ConvId, EventId, MessageText, Password, Title, UserId, Username } from '../protocol/primitives';
import {
  Capabilities,
  ConnectionState,
  ConversationSummary,
  Message,
  MessagePage,
  Presence,
  SearchHit,
  SessionState,
  Settings,
  User,
} from '../domain';
import type { CommandName } from './names';

const None = z.strictObject({});
const Done = z.null();
const ServerUrl = z
  .string()
  .max(512)
  .refine((url) => /^wss?:\/\/[^\s/]+(\/[^\s]*)?$/.test(url), 'server address must start with ws:// or wss://');

const Credentials = z.strictObject({
  server: ServerUrl,
  username: Username,
  password: Password,
  /** Remember the session on this device (encrypted where the OS allows). */
  staySignedIn: z.boolean(),
});

/** Where to start a page of history: the newest messages, before/after a sort key, or around one message. */
export const PageAnchor = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latest') }),
  z.strictObject({ kind: z.literal('before'), sortKey: z.number() }),
  z.strictObject({ kind: z.literal('after'), sortKey: z.number() }),
  z.strictObject({ kind: z.literal('around'), messageId: EventId }),
]);
export type PageAnchor = z.infer<typeof PageAnchor>;

type CommandSpec = { input: z.ZodType; output: z.ZodType };

/** Every call the renderer can make. Inputs are validated where they arrive (IPC handler, web bridge). */
export const commands = {
  getSession: { input: None, output: SessionState },
  signIn: { input: Credentials, output: User },
  register: { input: Credentials, output: User },
  signOut: { input: None, output: Done },
  getConnection: { input: None, output: ConnectionState },
  getCapabilities: { input: None, output: Capabilities },
  listConversations: { input: None, output: z.array(ConversationSummary) },
  pageMessages: {
    input: z.strictObject({ convId: ConvId, anchor: PageAnchor, limit: z.number().int().min(1).max(200) }),
    output: MessagePage,
  },
  sendMessage: {
    input: z.strictObject({ convId: ConvId, text: MessageText, replyTo: EventId.optional() }),
    output: Message,
  },
  editMessage: { input: z.strictObject({ messageId: EventId, text: MessageText }), output: Message },
  deleteMessage: { input: z.strictObject({ messageId: EventId }), output: Message },
  react: {
    input: z.strictObject({ messageId: EventId, emoji: z.string().min(1).max(32), on: z.boolean() }),
    output: Message,
  },
  /** Sends a failed message again (same id, so it can never arrive twice). */
  retryMessage: { input: z.strictObject({ messageId: EventId }), output: Message },
  /** Marks everything in the conversation read and sends a read receipt. */
  markRead: { input: z.strictObject({ convId: ConvId }), output: Done },
  setTyping: { input: z.strictObject({ convId: ConvId, typing: z.boolean() }), output: Done },
  /** Which conversation is open in the window (null: none); notifications for it are suppressed. */
  setActiveConversation: { input: z.strictObject({ convId: ConvId.nullable() }), output: Done },
  searchMessages: {
    input: z.strictObject({
      query: z.string().max(200),
      convId: ConvId.optional(),
      limit: z.number().int().min(1).max(200),
    }),
    output: z.array(SearchHit),
  },
  findUsers: { input: z.strictObject({ prefix: z.string().max(32) }), output: z.array(User) },
  getPresence: { input: z.strictObject({ userIds: z.array(UserId).max(100) }), output: z.array(Presence) },
  createDirect: { input: z.strictObject({ userId: UserId }), output: ConversationSummary },
  createGroup: {
    input: z.strictObject({ title: Title, memberIds: z.array(UserId).max(999) }),
    output: ConversationSummary,
  },
  addMembers: {
    input: z.strictObject({ convId: ConvId, userIds: z.array(UserId).min(1).max(100) }),
    output: ConversationSummary,
  },
  removeMember: { input: z.strictObject({ convId: ConvId, userId: UserId }), output: ConversationSummary },
  leaveConversation: { input: z.strictObject({ convId: ConvId }), output: Done },
  renameGroup: { input: z.strictObject({ convId: ConvId, title: Title }), output: ConversationSummary },
  setMuted: { input: z.strictObject({ convId: ConvId, muted: z.boolean() }), output: ConversationSummary },
  getDraft: { input: z.strictObject({ convId: ConvId }), output: z.string() },
  setDraft: { input: z.strictObject({ convId: ConvId, text: z.string().max(65_536) }), output: Done },
  getSettings: { input: None, output: Settings },
  updateSettings: { input: Settings.partial().strict(), output: Settings },
} as const satisfies Record<CommandName, CommandSpec>;
