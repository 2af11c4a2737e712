import { z } from 'zod';
import { errorCodes } from './codes';
import { Event } from './events';
import { methodNames, type methods, type MethodName } from './methods';
import { ConvId, PresenceInfo, Timestamp, UserId } from './primitives';
import { PROTOCOL_VERSION } from './limits';

/** Correlates a call with its result or error. Chosen by the client, unique among its calls in flight. */
export const CallId = z.number().int().min(0).max(2 ** 31 - 1);

/** The envelope of every client frame, checked before the method's params. */
export const CallEnvelope = z.object({
  type: z.literal('call'),
  id: CallId,
  method: z.string().max(64),
  params: z.unknown(),
});

type CallFrameOf<M extends MethodName> = { type: 'call'; id: number; method: M; params: z.output<(typeof methods)[M]['params']> };
export type CallFrame = { [M in MethodName]: CallFrameOf<M> }[MethodName];

export const isMethodName = (name: string): name is MethodName => (methodNames as string[]).includes(name);

export const HelloFrame = z.object({
  type: z.literal('hello'),
  v: z.literal(PROTOCOL_VERSION),
  serverTime: Timestamp,
  authTimeoutMs: z.number().int(),
});
export const ResultFrame = z.object({ type: z.literal('result'), id: CallId, result: z.unknown() });
export const ErrorFrame = z.object({
  type: z.literal('error'),
  /** The call this answers; absent when the frame could not be read far enough to know it. */
  id: CallId.optional(),
  code: z.enum(errorCodes),
  message: z.string(),
  /** With rate_limited: when to try again. */
  retryAfterMs: z.number().int().min(0).optional(),
});
/** Live events, in sequence order. The server may put several in one frame. */
export const EventsFrame = z.object({ type: z.literal('events'), events: z.array(Event).min(1) });
export const TypingFrame = z.object({ type: z.literal('typing'), convId: ConvId, userId: UserId, on: z.boolean() });
export const PresenceFrame = z.object({ type: z.literal('presence'), presence: PresenceInfo });

export const ServerFrame = z.discriminatedUnion('type', [
  HelloFrame,
  ResultFrame,
  ErrorFrame,
  EventsFrame,
  TypingFrame,
  PresenceFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type ErrorFrame = z.infer<typeof ErrorFrame>;
export type EventsFrame = z.infer<typeof EventsFrame>;
