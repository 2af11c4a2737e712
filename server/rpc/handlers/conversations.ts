import type { AuthedHandler } from '../handler';

export const conversations: AuthedHandler<'conversations'> = (ctx, conn) => ({
  conversations: ctx.conversations.listFor(conn.user.id),
});

export const createDirect: AuthedHandler<'createDirect'> = (ctx, conn, { userId }) => ({
  conv: ctx.ledger.write((tx) => ctx.conversationService.direct(tx, conn.user.id, userId)),
});

export const createGroup: AuthedHandler<'createGroup'> = (ctx, conn, { id, title, memberIds }) => ({
  conv: ctx.ledger.write((tx) => ctx.conversationService.createGroup(tx, conn.user.id, id, title, memberIds)),
});

export const addMembers: AuthedHandler<'addMembers'> = (ctx, conn, { convId, userIds }) => ({
  conv: ctx.ledger.write((tx) => ctx.conversationService.addMembers(tx, conn.user.id, convId, userIds)),
});

export const removeMember: AuthedHandler<'removeMember'> = (ctx, conn, { convId, userId }) => ({
  conv: ctx.ledger.write((tx) => ctx.conversationService.removeMember(tx, conn.user.id, convId, userId)),
});

export const leave: AuthedHandler<'leave'> = (ctx, conn, { convId }) => {
  ctx.ledger.write((tx) => ctx.conversationService.leave(tx, conn.user.id, convId));
  return {};
};

export const rename: AuthedHandler<'rename'> = (ctx, conn, { convId, title }) => ({
  conv: ctx.ledger.write((tx) => ctx.conversationService.rename(tx, conn.user.id, convId, title)),
});
