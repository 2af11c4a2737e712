import type { ServerFrame } from '../../../shared/protocol';
import { notFound } from '../errors';
import type { AuthedHandler } from '../handler';

export const post: AuthedHandler<'post'> = (ctx, conn, { convId, id, body }) =>
  ctx.ledger.write((tx) => {
    const { ack, stored } = ctx.messaging.post(tx, conn.user.id, convId, id, body);
    if (stored && body.kind === 'message') ctx.support?.afterMessage(tx, convId, conn.user.id);
    return ack;
  });

export const receipt: AuthedHandler<'receipt'> = (ctx, conn, { convId, receipt, upTo }) => ({
  upTo: ctx.ledger.write((tx) => ctx.messaging.receipt(tx, conn.user.id, convId, receipt, upTo)),
});

/** Relayed to the other members' live sockets; never stored. */
export const typing: AuthedHandler<'typing'> = (ctx, conn, { convId, on }) => {
  const members = ctx.conversations.members(convId);
  if (!members.has(conn.user.id)) throw notFound('conversation');
  const frame = JSON.stringify({ type: 'typing', convId, userId: conn.user.id, on } satisfies ServerFrame);
  const sockets = [];
  for (const userId of members.keys()) {
    if (userId === conn.user.id) continue;
    for (const socket of ctx.hub.socketsOf(userId)) if (socket.live) sockets.push(socket);
  }
  ctx.hub.sendToAll(sockets, frame);
  return {};
};
