import type { AuthedHandler, PublicHandler } from '../handler';

export const findUsers: AuthedHandler<'findUsers'> = (ctx, conn, { prefix, limit }) => ({
  users: ctx.users.findByPrefix(prefix, conn.user.id, limit ?? 20),
});

export const presence: AuthedHandler<'presence'> = (ctx, conn, { userIds }) => ({
  presence: ctx.presence.lookup(conn.user.id, userIds),
});

export const ping: PublicHandler<'ping'> = () => ({ ts: Date.now() });
