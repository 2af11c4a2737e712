import { z } from 'zod';
import { MAX_TEXT_BYTES } from './limits';
import { ConversationSnapshot, ConvId, Emoji, EventId, MessageText, Seq, Timestamp, UserId } from './primitives';
import { utf8ByteLength } from './utf8';

/** Text as stored and delivered: empty once the message was deleted (the server erases it). */
const StoredText = z
  .string()
  .refine((text) => utf8ByteLength(text) <= MAX_TEXT_BYTES, `message text is limited to ${MAX_TEXT_BYTES} UTF-8 bytes`);
/** Set by the server on a message (and on its edits) once it was deleted; `text` is then "". */
const Deleted = z.literal(true).optional();

/** A message as a client posts it. */
export const NewMessageBody = z.object({
  kind: z.literal('message'),
  text: MessageText,
  /** Id of a message in the same conversation this one replies to. */
  replyTo: EventId.optional(),
});
/** A message as the server stores and delivers it. */
export const MessageBody = NewMessageBody.extend({ text: StoredText, deleted: Deleted });
/** Only the original sender may edit; the target must be a message in the same conversation. */
export const NewEditBody = z.object({ kind: z.literal('edit'), target: EventId, text: MessageText });
export const EditBody = NewEditBody.extend({ text: StoredText, deleted: Deleted });
/** Only the original sender may delete; the message becomes a tombstone. */
export const DeleteBody = z.object({ kind: z.literal('delete'), target: EventId });
/** `on: false` removes the sender's reaction with that emoji. */
export const ReactionBody = z.object({ kind: z.literal('reaction'), target: EventId, emoji: Emoji, on: z.boolean() });
/** The sender has received (`delivered`) or seen (`read`) every event of the conversation up to `upTo`. */
export const ReceiptBody = z.object({
  kind: z.literal('receipt'),
  receipt: z.enum(['delivered', 'read']),
  upTo: Seq,
});
/** A change of the conversation itself; `conv` is its full state after the change. */
export const ConversationBody = z.object({
  kind: z.literal('conversation'),
  change: z.enum(['created', 'members_added', 'member_removed', 'member_left', 'renamed']),
  /** Users the change is about (added, removed, or who left). */
  subjects: z.array(UserId),
  conv: ConversationSnapshot,
});

export type MessageBody = z.infer<typeof MessageBody>;
export type ConversationBody = z.infer<typeof ConversationBody>;

export const EventBody = z.discriminatedUnion('kind', [
  MessageBody,
  EditBody,
  DeleteBody,
  ReactionBody,
  ReceiptBody,
  ConversationBody,
]);
export type EventBody = z.infer<typeof EventBody>;

/** Bodies a client may send with the `post` method. Receipts and conversation changes have methods of their own. */
export const PostableBody = z.discriminatedUnion('kind', [NewMessageBody, NewEditBody, DeleteBody, ReactionBody]);
export type PostableBody = z.infer<typeof PostableBody>;

/** A stored event. `seq` is assigned by the server, strictly increasing across the whole server. */
export const Event = z.object({
  seq: Seq,
  id: EventId,
  convId: ConvId,
  senderId: UserId,
  ts: Timestamp,
  body: EventBody,
});
export type Event = z.infer<typeof Event>;
