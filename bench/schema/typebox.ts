import { Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { MAX_GROUP_MEMBERS, MAX_TEXT_BYTES, MAX_TITLE_CHARS } from '../../shared/protocol/limits';
import { utf8ByteLength } from '../../shared/protocol/utf8';

/**
 * The same frames in TypeBox, compiled to a checker function. JSON Schema cannot express the two text
 * refinements (non-blank, ≤ 16 KiB of UTF-8), so they run as a small walk after `Check`, which keeps the
 * comparison honest. `Check` only answers yes/no: unlike zod and valibot it builds no output copy.
 */
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Seq = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Timestamp = Type.Integer({ minimum: 0 });
const Member = Type.Object({ id: Id, username: Type.String({ pattern: '^[a-z0-9][a-z0-9_.-]{2,31}$' }) });
const Snapshot = Type.Object({
  id: Id,
  kind: Type.Union([Type.Literal('direct'), Type.Literal('group')]),
  title: Type.String({ maxLength: MAX_TITLE_CHARS }),
  members: Type.Array(Member, { maxItems: MAX_GROUP_MEMBERS }),
  createdBy: Id,
  createdAt: Timestamp,
});
const Deleted = Type.Optional(Type.Literal(true));
const DeleteBody = Type.Object({ kind: Type.Literal('delete'), target: Id });
const ReactionBody = Type.Object({ kind: Type.Literal('reaction'), target: Id, emoji: Type.String({ minLength: 1, maxLength: 32 }), on: Type.Boolean() });
const PostableBody = Type.Union([
  Type.Object({ kind: Type.Literal('message'), text: Type.String(), replyTo: Type.Optional(Id) }),
  Type.Object({ kind: Type.Literal('edit'), target: Id, text: Type.String() }),
  DeleteBody,
  ReactionBody,
]);
const EventBody = Type.Union([
  Type.Object({ kind: Type.Literal('message'), text: Type.String(), replyTo: Type.Optional(Id), deleted: Deleted }),
  Type.Object({ kind: Type.Literal('edit'), target: Id, text: Type.String(), deleted: Deleted }),
  DeleteBody,
  ReactionBody,
  Type.Object({ kind: Type.Literal('receipt'), receipt: Type.Union([Type.Literal('delivered'), Type.Literal('read')]), upTo: Seq }),
  Type.Object({
    kind: Type.Literal('conversation'),
    change: Type.Union(['created', 'members_added', 'member_removed', 'member_left', 'renamed'].map((c) => Type.Literal(c))),
    subjects: Type.Array(Id),
    conv: Snapshot,
  }),
]);
const Event = Type.Object({ seq: Seq, id: Id, convId: Id, senderId: Id, ts: Timestamp, body: EventBody });
const CallId = Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 });

const compile = <T extends TSchema>(schema: T) => TypeCompiler.Compile(schema);
const CallEnvelope = compile(Type.Object({ type: Type.Literal('call'), id: CallId, method: Type.String({ maxLength: 64 }), params: Type.Unknown() }));
const PostParams = compile(Type.Object({ convId: Id, id: Id, body: PostableBody }));
const ServerFrame = compile(
  Type.Union([
    Type.Object({ type: Type.Literal('hello'), v: Type.Literal(1), serverTime: Timestamp, authTimeoutMs: Type.Integer() }),
    Type.Object({ type: Type.Literal('result'), id: CallId, result: Type.Unknown() }),
    Type.Object({ type: Type.Literal('error'), id: Type.Optional(CallId), code: Type.String(), message: Type.String(), retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })) }),
    Type.Object({ type: Type.Literal('events'), events: Type.Array(Event, { minItems: 1 }) }),
    Type.Object({ type: Type.Literal('typing'), convId: Id, userId: Id, on: Type.Boolean() }),
    Type.Object({ type: Type.Literal('presence'), presence: Type.Object({ userId: Id, online: Type.Boolean(), lastSeen: Type.Union([Timestamp, Type.Null()]) }) }),
  ]),
);

const textFits = (text: string): boolean => utf8ByteLength(text) <= MAX_TEXT_BYTES;

export function checkPostCall(frame: unknown): boolean {
  if (!CallEnvelope.Check(frame) || frame.method !== 'post' || !PostParams.Check(frame.params)) return false;
  const body = frame.params.body;
  return !('text' in body) || (body.text.trim().length > 0 && textFits(body.text));
}

export function checkServerFrame(frame: unknown): boolean {
  if (!ServerFrame.Check(frame)) return false;
  if (frame.type !== 'events') return true;
  return frame.events.every((event) => !('text' in event.body) || textFits(event.body.text));
}
