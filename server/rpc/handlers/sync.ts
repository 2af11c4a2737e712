import { SYNC_PAGE_DEFAULT } from '../../../shared/protocol';
import { RawJson, type AuthedHandler } from '../handler';

/**
 * A page of the caller's visible events after `after`. The last page (`more: false`) makes the socket live in the
 * same synchronous step: every event stored after this point is pushed, every one before is in the page.
 */
export const sync: AuthedHandler<'sync'> = (ctx, conn, { after, limit }) => {
  const page = ctx.sync.page(conn.user.id, after, limit ?? SYNC_PAGE_DEFAULT, ctx.options.limits.pageMaxBytes);
  if (!page.more) conn.live = true;
  return new RawJson(`{"events":[${page.events.join(',')}],"more":${page.more},"next":${page.next}}`);
};
