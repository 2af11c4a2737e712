import { z } from 'zod';
import { MAX_GROUP_MEMBERS, MAX_IDS_PER_CALL, PROTOCOL_VERSION, SYNC_PAGE_MAX } from './limits';
import { Event, PostableBody } from './events';
import {
  ConversationSnapshot,
  ConvId,
  EventId,
  Member,
  Password,
  PresenceInfo,
  Seq,
  Timestamp,
  Title,
  UserId,
  Username,
} from './primitives';

const Empty = z.object({});
const Version = z.literal(PROTOCOL_VERSION);

/** A session token: 32 random bytes, base64url (43 characters). */
export const Token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'not a session token');

export const SessionResult = z.object({ token: Token, user: Member, expiresAt: Timestamp });
export const AckResult = z.object({ id: EventId, seq: Seq, ts: Timestamp });
export const ConversationResult = z.object({ conv: ConversationSnapshot });

/**
 * Every method a client can call: its params and its result. The server answers a call with exactly one
 * `result` or `error` frame carrying the call's id.
 */
export const methods = {
  /** Creates an account and authenticates the socket. */
  register: { params: z.object({ v: Version, username: Username, password: Password }), result: SessionResult },
  /** Signs in with a password and authenticates the socket. */
  login: { params: z.object({ v: Version, username: Username, password: Password }), result: SessionResult },
  /** Authenticates the socket with a token from an earlier register/login. */
  resume: { params: z.object({ v: Version, token: Token }), result: z.object({ user: Member, expiresAt: Timestamp }) },
  /** Revokes this socket's session token. The server then closes the socket with CloseCode.SignedOut. */
  logout: { params: Empty, result: Empty },
  /**
   * Events after `after` in conversations the user is (or was, up to leaving) a member of, oldest first.
   * `next` is the cursor for the following call. When `more` is false the socket receives live `events`
   * frames for everything after `next`, with no gap and no duplicate.
   */
  sync: {
    params: z.object({ after: Seq, limit: z.number().int().min(1).max(SYNC_PAGE_MAX).optional() }),
    result: z.object({ events: z.array(Event), more: z.boolean(), next: Seq }),
  },
  /** Stores an event. Idempotent by `id`: repeating a call returns the original acknowledgement. */
  post: { params: z.object({ convId: ConvId, id: EventId, body: PostableBody }), result: AckResult },
  /** Moves the caller's delivered/read receipt forward (never backward). Returns the caller's current value. */
  receipt: {
    params: z.object({ convId: ConvId, receipt: z.enum(['delivered', 'read']), upTo: Seq }),
    result: z.object({ upTo: Seq }),
  },
  /** Ephemeral: relayed to the other members who are online, never stored. */
  typing: { params: z.object({ convId: ConvId, on: z.boolean() }), result: Empty },
  /** Every conversation the user is a member of, in its current state. */
  conversations: { params: Empty, result: z.object({ conversations: z.array(ConversationSnapshot) }) },
  /** The one direct conversation between the caller and `userId`, created if needed. */
  createDirect: { params: z.object({ userId: UserId }), result: ConversationResult },
  /** Creates a group with the caller and `memberIds`. Idempotent by `id`. */
  createGroup: {
    params: z.object({
      id: EventId,
      title: Title,
      memberIds: z.array(UserId).max(MAX_GROUP_MEMBERS - 1),
    }),
    result: ConversationResult,
  },
  addMembers: {
    params: z.object({ convId: ConvId, userIds: z.array(UserId).min(1).max(MAX_IDS_PER_CALL) }),
    result: ConversationResult,
  },
  removeMember: { params: z.object({ convId: ConvId, userId: UserId }), result: ConversationResult },
  leave: { params: z.object({ convId: ConvId }), result: Empty },
  rename: { params: z.object({ convId: ConvId, title: Title }), result: ConversationResult },
  /** Users whose name starts with `prefix`, excluding the caller. */
  findUsers: {
    params: z.object({ prefix: z.string().max(32), limit: z.number().int().min(1).max(50).optional() }),
    result: z.object({ users: z.array(Member) }),
  },
  /** Presence of users who share a conversation with the caller (others are reported offline, never seen). */
  presence: {
    params: z.object({ userIds: z.array(UserId).max(MAX_IDS_PER_CALL) }),
    result: z.object({ presence: z.array(PresenceInfo) }),
  },
  /** Application-level ping: clients measure round-trip time and detect half-open connections with it. */
  ping: { params: Empty, result: z.object({ ts: Timestamp }) },
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodParams<M extends MethodName> = z.input<Methods[M]['params']>;
export type MethodResult<M extends MethodName> = z.output<Methods[M]['result']>;
export const methodNames = Object.keys(methods) as [MethodName, ...MethodName[]];

/** Methods whose params carry the protocol version `v`; a different version is refused with unsupported_version. */
export const versionedMethods: ReadonlySet<MethodName> = new Set(['register', 'login', 'resume']);

/** Methods a socket may call before it has authenticated. */
export const unauthenticatedMethods: ReadonlySet<MethodName> = new Set(['register', 'login', 'resume', 'ping']);
