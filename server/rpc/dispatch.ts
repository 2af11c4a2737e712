import type { RawData } from 'ws';
import {
  CloseCode,
  ErrorCode,
  parseCallFrame,
  unauthenticatedMethods,
  type CallFrame,
  type MethodName,
} from '../../shared/protocol';
import type { ServerContext } from '../context';
import type { Conn } from '../hub/connection';
import { errorFrame, rawResultFrame, resultFrame } from '../hub/frames';
import { RpcError } from './errors';
import { RawJson, type AuthedConn, type AuthedHandler, type PublicHandler } from './handler';
import { login, logout, register, resume } from './handlers/auth';
import { addMembers, conversations, createDirect, createGroup, leave, removeMember, rename } from './handlers/conversations';
import { findUsers, ping, presence } from './handlers/directory';
import { post, receipt, typing } from './handlers/messaging';
import { sync } from './handlers/sync';

// Handlers of authenticated methods receive an AuthedConn: the dispatcher only calls them when conn.user is set.
const handlers = {
  register,
  login,
  resume,
  ping,
  logout,
  sync,
  post,
  receipt,
  typing,
  conversations,
  createDirect,
  createGroup,
  addMembers,
  removeMember,
  leave,
  rename,
  findUsers,
  presence,
} satisfies { [M in MethodName]: PublicHandler<M> | AuthedHandler<M> } as { [M in MethodName]: PublicHandler<M> };

/**
 * Reads one client frame and answers it: parse and validate, rate limit, authentication gate, then the method.
 * Every call gets exactly one `result` or `error`; nothing a client sends can throw out of here.
 */
export function handleMessage(ctx: ServerContext, conn: Conn, data: RawData, isBinary: boolean): void {
  conn.alive = true;
  if (conn.closing) return;
  if (isBinary) return refuseFrame(ctx, conn, undefined, ErrorCode.BadFrame, 'binary frames are not accepted: send JSON text');
  const parsed = parseCallFrame(data.toString());
  if (!parsed.ok) {
    if (parsed.code === ErrorCode.UnsupportedVersion) {
      ctx.hub.send(conn, errorFrame(parsed.id, parsed.code, parsed.message));
      ctx.hub.close(conn, CloseCode.UnsupportedVersion, 'unsupported protocol version');
      return;
    }
    return refuseFrame(ctx, conn, parsed.id, parsed.code, parsed.message);
  }
  const frame = parsed.value;
  if (frame.method === 'post' && conn.heldPost !== null && frame.params.id !== conn.heldPost) {
    return refuseCall(ctx, conn, frame, ErrorCode.OutOfOrder, `post ${conn.heldPost} was refused earlier: send it again first`);
  }
  const wait = ctx.limiter.take(conn, Date.now());
  if (wait > 0) {
    if (frame.method === 'post') conn.heldPost = frame.params.id;
    return refuseCall(ctx, conn, frame, ErrorCode.RateLimited, 'too many calls; slow down', wait);
  }
  conn.rejected = 0;
  if (!conn.user && !unauthenticatedMethods.has(frame.method)) {
    return refuseFrame(ctx, conn, frame.id, ErrorCode.Unauthenticated, `${frame.method} needs a signed-in socket: call register, login or resume first`);
  }
  conn.badFrames = 0;
  invoke(ctx, conn, frame);
}

/** Refused before the method ran (rate limit, post order); refusals in a row close the socket. */
function refuseCall(ctx: ServerContext, conn: Conn, frame: CallFrame, code: ErrorCode, message: string, retryAfterMs?: number): void {
  ctx.hub.send(conn, errorFrame(frame.id, code, message, retryAfterMs));
  if (++conn.rejected > ctx.options.limits.rateMaxRejected) ctx.hub.close(conn, CloseCode.RateLimited, 'kept sending while rate limited');
}

function invoke(ctx: ServerContext, conn: Conn, frame: CallFrame): void {
  const handler = handlers[frame.method] as PublicHandler<MethodName>;
  const reply = (result: unknown) => {
    if (frame.method === 'post' && conn.heldPost === frame.params.id) conn.heldPost = null;
    ctx.hub.send(conn, result instanceof RawJson ? rawResultFrame(frame.id, result.json) : resultFrame(frame.id, result));
  };
  const fail = (error: unknown) => {
    // A refusal for good (not_found, forbidden...) releases the hold: the client gives that post up and moves on.
    if (frame.method === 'post') conn.heldPost = error instanceof RpcError ? (conn.heldPost === frame.params.id ? null : conn.heldPost) : frame.params.id;
    replyError(ctx, conn, frame, error);
  };
  try {
    const outcome = handler(ctx, conn as AuthedConn, frame.params as never);
    if (outcome instanceof Promise) outcome.then(reply, fail).catch((error: unknown) => ctx.logger.error({ err: error }, 'reply failed'));
    else reply(outcome);
  } catch (error) {
    fail(error);
  }
}

function replyError(ctx: ServerContext, conn: Conn, frame: CallFrame, error: unknown): void {
  if (error instanceof RpcError) {
    ctx.hub.send(conn, errorFrame(frame.id, error.code, error.message, error.extra.retryAfterMs));
    if (error.extra.closeWith !== undefined) ctx.hub.close(conn, error.extra.closeWith, error.message);
    return;
  }
  ctx.logger.error({ err: error, method: frame.method, user: conn.user?.id }, 'method failed');
  ctx.hub.send(conn, errorFrame(frame.id, ErrorCode.Internal, 'internal error'));
}

/** An unusable frame: answered, and counted; too many in a row close the socket. */
function refuseFrame(ctx: ServerContext, conn: Conn, id: number | undefined, code: ErrorCode, message: string): void {
  ctx.hub.send(conn, errorFrame(id, code, message));
  if (++conn.badFrames >= ctx.options.limits.maxBadFrames) ctx.hub.close(conn, CloseCode.ProtocolError, 'too many bad frames');
}
