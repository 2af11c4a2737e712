import { z } from 'zod';
import { MAX_TEXT_BYTES, MAX_TITLE_CHARS, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS, USERNAME_PATTERN } from './limits';
import { utf8ByteLength } from './utf8';

/** Ids are opaque strings. Clients generate event ids (ULIDs recommended); the server generates user and conversation ids. */
export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'ids are 1-64 characters of A-Z a-z 0-9 _ -');
export const UserId = Id;
export const ConvId = Id;
export const EventId = Id;
/** A server sequence number: positive, monotonic across the whole server. 0 means "before everything". */
export const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Milliseconds since the Unix epoch. */
export const Timestamp = z.number().int().min(0);

export const Username = z
  .string()
  .regex(USERNAME_PATTERN, 'usernames are 3-32 characters: lowercase letters, digits, "_", "." or "-", starting with a letter or digit');
export const Password = z.string().min(PASSWORD_MIN_CHARS).max(PASSWORD_MAX_CHARS);

export const MessageText = z
  .string()
  .refine((text) => text.trim().length > 0, 'message text must not be empty')
  .refine((text) => utf8ByteLength(text) <= MAX_TEXT_BYTES, `message text is limited to ${MAX_TEXT_BYTES} UTF-8 bytes`);
export const Emoji = z.string().min(1).max(32);
export const Title = z
  .string()
  .max(MAX_TITLE_CHARS)
  .refine((title) => title.trim().length > 0, 'title must not be empty');

export const Member = z.object({ id: UserId, username: Username });
export type Member = z.infer<typeof Member>;

export const ConversationKind = z.enum(['direct', 'group']);
export type ConversationKind = z.infer<typeof ConversationKind>;

/** The state of a conversation as the server sees it. Direct conversations have an empty title. */
export const ConversationSnapshot = z.object({
  id: ConvId,
  kind: ConversationKind,
  title: z.string().max(MAX_TITLE_CHARS),
  members: z.array(Member),
  createdBy: UserId,
  createdAt: Timestamp,
});
export type ConversationSnapshot = z.infer<typeof ConversationSnapshot>;

export const PresenceInfo = z.object({
  userId: UserId,
  online: z.boolean(),
  /** When the user was last connected; null if never. */
  lastSeen: Timestamp.nullable(),
});
export type PresenceInfo = z.infer<typeof PresenceInfo>;
