import * as v from 'valibot';
import { MAX_GROUP_MEMBERS, MAX_TEXT_BYTES, MAX_TITLE_CHARS } from '../../shared/protocol/limits';
import { utf8ByteLength } from '../../shared/protocol/utf8';

/**
 * The wire frames the schema comparison validates, written in valibot with the same rules as the zod
 * schemas in shared/protocol (lengths, patterns, integer ranges, the two text refinements).
 */
const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/));
const Seq = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));
const Timestamp = v.pipe(v.number(), v.integer(), v.minValue(0));
const MessageText = v.pipe(
  v.string(),
  v.check((text) => text.trim().length > 0),
  v.check((text) => utf8ByteLength(text) <= MAX_TEXT_BYTES),
);
const StoredText = v.pipe(v.string(), v.check((text) => utf8ByteLength(text) <= MAX_TEXT_BYTES));
const Member = v.object({ id: Id, username: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9_.-]{2,31}$/)) });
const Snapshot = v.object({
  id: Id,
  kind: v.picklist(['direct', 'group']),
  title: v.pipe(v.string(), v.maxLength(MAX_TITLE_CHARS)),
  members: v.pipe(v.array(Member), v.maxLength(MAX_GROUP_MEMBERS)),
  createdBy: Id,
  createdAt: Timestamp,
});
const Deleted = v.optional(v.literal(true));

const NewMessageBody = v.object({ kind: v.literal('message'), text: MessageText, replyTo: v.optional(Id) });
const NewEditBody = v.object({ kind: v.literal('edit'), target: Id, text: MessageText });
const DeleteBody = v.object({ kind: v.literal('delete'), target: Id });
const ReactionBody = v.object({ kind: v.literal('reaction'), target: Id, emoji: v.pipe(v.string(), v.minLength(1), v.maxLength(32)), on: v.boolean() });
const PostableBody = v.variant('kind', [NewMessageBody, NewEditBody, DeleteBody, ReactionBody]);

const EventBody = v.variant('kind', [
  v.object({ kind: v.literal('message'), text: StoredText, replyTo: v.optional(Id), deleted: Deleted }),
  v.object({ kind: v.literal('edit'), target: Id, text: StoredText, deleted: Deleted }),
  DeleteBody,
  ReactionBody,
  v.object({ kind: v.literal('receipt'), receipt: v.picklist(['delivered', 'read']), upTo: Seq }),
  v.object({
    kind: v.literal('conversation'),
    change: v.picklist(['created', 'members_added', 'member_removed', 'member_left', 'renamed']),
    subjects: v.array(Id),
    conv: Snapshot,
  }),
]);
const Event = v.object({ seq: Seq, id: Id, convId: Id, senderId: Id, ts: Timestamp, body: EventBody });
const CallId = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 31 - 1));

const CallEnvelope = v.object({ type: v.literal('call'), id: CallId, method: v.pipe(v.string(), v.maxLength(64)), params: v.unknown() });
const PostParams = v.object({ convId: Id, id: Id, body: PostableBody });

const ServerFrame = v.variant('type', [
  v.object({ type: v.literal('hello'), v: v.literal(1), serverTime: Timestamp, authTimeoutMs: v.pipe(v.number(), v.integer()) }),
  v.object({ type: v.literal('result'), id: CallId, result: v.unknown() }),
  v.object({ type: v.literal('error'), id: v.optional(CallId), code: v.string(), message: v.string(), retryAfterMs: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))) }),
  v.object({ type: v.literal('events'), events: v.pipe(v.array(Event), v.minLength(1)) }),
  v.object({ type: v.literal('typing'), convId: Id, userId: Id, on: v.boolean() }),
  v.object({ type: v.literal('presence'), presence: v.object({ userId: Id, online: v.boolean(), lastSeen: v.nullable(Timestamp) }) }),
]);

/** Envelope first, then the method's params: the same two steps as parseCallFrame. */
export function checkPostCall(frame: unknown): boolean {
  const envelope = v.safeParse(CallEnvelope, frame);
  return envelope.success && envelope.output.method === 'post' && v.safeParse(PostParams, envelope.output.params).success;
}

export const checkServerFrame = (frame: unknown): boolean => v.safeParse(ServerFrame, frame).success;
