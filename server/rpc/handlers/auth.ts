import { CloseCode, ErrorCode, type Member, type MethodResult } from '../../../shared/protocol';
import type { ServerContext } from '../../context';
import type { Conn } from '../../hub/connection';
import { QueueFullError } from '../../limits/semaphore';
import { SUPPORT_USERNAME } from '../../support-bot';
import { RpcError } from '../errors';
import type { AuthedHandler, PublicHandler } from '../handler';

const authFailed = () => new RpcError(ErrorCode.AuthFailed, 'wrong username or password');
const usernameTaken = () => new RpcError(ErrorCode.UsernameTaken, 'this username is taken');

function begin(conn: Conn): void {
  if (conn.user) throw new RpcError(ErrorCode.AlreadyAuthenticated, 'this socket is already signed in');
  if (conn.authenticating) throw new RpcError(ErrorCode.AlreadyAuthenticated, 'an authentication call is already in progress');
  conn.authenticating = true;
}

/** Hashing is bounded; when too many wait, the caller is told to come back. */
async function hashing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof QueueFullError) throw new RpcError(ErrorCode.RateLimited, 'the server is busy signing others in', { retryAfterMs: 1_000 });
    throw error;
  }
}

/** Binds the socket to the user, unless it closed while the password was being hashed. */
function bind(ctx: ServerContext, conn: Conn, user: Member, sessionKey: string): void {
  if (conn.closing || conn.ws.readyState !== conn.ws.OPEN) return;
  ctx.hub.authenticate(conn, user, sessionKey);
}

export const register: PublicHandler<'register'> = async (ctx, conn, { username, password }) => {
  begin(conn);
  try {
    if (username === SUPPORT_USERNAME || ctx.users.byUsername(username)) throw usernameTaken();
    const hash = await hashing(() => ctx.hasher.hash(password));
    const now = Date.now();
    const { user, session } = ctx.ledger.write((tx) => {
      const user = ctx.users.create(username, hash, now);
      if (!user) throw usernameTaken();
      const session = ctx.sessions.create(user.id, now);
      ctx.support?.welcome(tx, user.id);
      return { user, session };
    });
    ctx.logger.info({ user: user.id, username }, 'registered');
    bind(ctx, conn, user, session.sessionKey);
    return { token: session.token, user, expiresAt: session.expiresAt } satisfies MethodResult<'register'>;
  } finally {
    conn.authenticating = false;
  }
};

export const login: PublicHandler<'login'> = async (ctx, conn, { username, password }) => {
  begin(conn);
  try {
    const row = ctx.users.byUsername(username);
    const ok = await hashing(() => ctx.hasher.verify(password, row?.password ?? null));
    if (!row || !ok) throw authFailed();
    const session = ctx.sessions.create(row.id, Date.now());
    const user = { id: row.id, username: row.username };
    bind(ctx, conn, user, session.sessionKey);
    return { token: session.token, user, expiresAt: session.expiresAt };
  } finally {
    conn.authenticating = false;
  }
};

export const resume: PublicHandler<'resume'> = (ctx, conn, { token }) => {
  begin(conn);
  try {
    const check = ctx.sessions.check(token, Date.now());
    if (check.status === 'expired') throw new RpcError(ErrorCode.TokenExpired, 'the session expired; sign in again', { closeWith: CloseCode.AuthFailed });
    const user = check.status === 'ok' ? ctx.users.member(check.userId) : undefined;
    if (check.status !== 'ok' || !user) throw new RpcError(ErrorCode.TokenInvalid, 'unknown or revoked session', { closeWith: CloseCode.AuthFailed });
    bind(ctx, conn, user, check.sessionKey);
    return { user, expiresAt: check.expiresAt };
  } finally {
    conn.authenticating = false;
  }
};

/** Revokes the session; after the reply, every socket of that session is closed with SignedOut. */
export const logout: AuthedHandler<'logout'> = (ctx, conn) => {
  const sessionKey = conn.sessionKey!;
  ctx.sessions.revoke(sessionKey, Date.now());
  setImmediate(() => {
    for (const socket of [...ctx.hub.socketsOf(conn.user.id)]) {
      if (socket.sessionKey === sessionKey) ctx.hub.close(socket, CloseCode.SignedOut, 'signed out');
    }
  });
  return {};
};
