import { Event } from '../../../shared/protocol';
import { myReadUpTo, noteIncoming, recountUnread, refreshLastMessage } from './aggregates';
import { ChangeCollector } from './changes';
import type { StoreContext } from './context';
import { applySnapshot, ensureConversation, snapshotSeq, upsertUsers, usernameOf } from './conversations';
import { moveReceipt } from './receipts';
import { acknowledge, getStored, insertMessage, reactionState, setReaction, setText, tombstone, type StoredMessage } from './timeline';
import type { ChangeSet } from './types';

type BodyOf<K extends Event['body']['kind']> = Extract<Event['body'], { kind: K }>;

/** One write's bookkeeping: what changed, and which conversations need their last message recomputed. */
interface Apply {
  ctx: StoreContext;
  changes: ChangeCollector;
  touched: Set<string>;
}

/**
 * Applies server events in one transaction and moves the cursor in that same transaction, so a failure leaves
 * both the data and the cursor as they were. Every kind of event can be applied twice without effect.
 */
export function applyEvents(ctx: StoreContext, events: Event[], next: number): ChangeSet {
  const run: Apply = { ctx, changes: new ChangeCollector(), touched: new Set() };
  ctx.sql.transaction(() => {
    for (const event of events) applyEvent(run, event);
    for (const convId of run.touched) refreshLastMessage(ctx, convId);
    ctx.sql.run('UPDATE sync_state SET cursor = max(cursor, ?) WHERE singleton = 1', next);
  });
  return run.changes.build();
}

function applyEvent(run: Apply, event: Event): void {
  const body = event.body;
  switch (body.kind) {
    case 'message':
      return applyMessage(run, event, body);
    case 'edit':
      return withTarget(run, event, body.target, (target) => applyEdit(run, event, body, target));
    case 'delete':
      return withTarget(run, event, body.target, (target) => applyDelete(run, event, body, target));
    case 'reaction':
      return withTarget(run, event, body.target, (target) => applyReaction(run, event, body, target));
    case 'receipt':
      ensureConversation(run.ctx, event.convId, event.ts, event.senderId);
      moveReceipt(run.ctx, { convId: event.convId, userId: event.senderId, kind: body.receipt, upTo: body.upTo }, run.changes);
      return;
    case 'conversation':
      return applyConversation(run, event, body);
  }
}

function applyMessage(run: Apply, event: Event, body: BodyOf<'message'>): void {
  const { ctx, changes } = run;
  const existing = getStored(ctx, event.id);
  if (existing !== undefined) {
    // Our own queued message coming back through sync before (or instead of) its acknowledgement.
    if (existing.seq === null) {
      acknowledge(ctx, existing, event.seq, event.ts);
      ctx.sql.run('DELETE FROM outbox WHERE id = ?', event.id);
      changes.message(event.convId, event.id);
      changes.conversation(event.convId);
      run.touched.add(event.convId);
    }
    return;
  }
  ensureConversation(ctx, event.convId, event.ts, event.senderId);
  // The server erases the text of a deleted message and flags it; older servers never set the flag.
  const deleted = (body as { deleted?: boolean }).deleted === true;
  insertMessage(ctx, {
    id: event.id,
    convId: event.convId,
    senderId: event.senderId,
    seq: event.seq,
    sortKey: event.seq,
    ts: event.ts,
    text: body.text,
    replyTo: body.replyTo ?? null,
    deleted,
    status: null,
    system: null,
  });
  changes.message(event.convId, event.id);
  changes.conversation(event.convId);
  run.touched.add(event.convId);
  if (event.senderId !== ctx.me()) {
    noteIncoming(ctx, event.convId, event.id, event.seq, !deleted);
    if (!deleted) changes.incomingMessage(event.convId, event.id, event.seq);
  }
  applyDeferred(run, event.id);
}

/** Runs `apply` on the target message, or keeps the event until the target arrives. */
function withTarget(run: Apply, event: Event, targetId: string, apply: (target: StoredMessage) => void): void {
  const target = getStored(run.ctx, targetId);
  if (target === undefined) {
    run.ctx.sql.run(
      'INSERT INTO deferred_events (id, target_id, seq, event) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      event.id,
      targetId,
      event.seq,
      JSON.stringify(event),
    );
    run.ctx.logger.debug({ eventId: event.id, targetId }, 'store: event kept until its target message arrives');
    return;
  }
  // The server stored our own edit/deletion/reaction: it is no longer waiting in the outbox.
  run.ctx.sql.run('DELETE FROM outbox WHERE id = ?', event.id);
  apply(target);
}

function applyDeferred(run: Apply, messageId: string): void {
  const rows = run.ctx.sql.all<{ id: string; event: string }>(
    'SELECT id, event FROM deferred_events WHERE target_id = ? ORDER BY seq',
    messageId,
  );
  for (const row of rows) {
    run.ctx.sql.run('DELETE FROM deferred_events WHERE id = ?', row.id);
    const parsed = Event.safeParse(JSON.parse(row.event));
    if (parsed.success) applyEvent(run, parsed.data);
    else run.ctx.logger.error({ eventId: row.id }, 'store: unreadable deferred event dropped');
  }
}

function noteMessageChanged(run: Apply, target: StoredMessage): void {
  run.changes.message(target.conv_id, target.id);
  const last = run.ctx.sql.value<string>('SELECT last_message_id FROM conversations WHERE id = ?', target.conv_id);
  if (last === target.id) run.changes.conversation(target.conv_id);
}

function applyEdit(run: Apply, event: Event, body: BodyOf<'edit'>, target: StoredMessage): void {
  if (target.sender_id !== event.senderId || target.system !== null || target.deleted === 1) return;
  if ((body as { deleted?: boolean }).deleted === true || event.seq <= target.edit_seq) return;
  setText(run.ctx, target, body.text, true, event.seq);
  noteMessageChanged(run, target);
}

function applyDelete(run: Apply, event: Event, _body: BodyOf<'delete'>, target: StoredMessage): void {
  if (target.sender_id !== event.senderId || target.system !== null || target.deleted === 1) return;
  tombstone(run.ctx, target);
  noteMessageChanged(run, target);
  if (target.sender_id !== run.ctx.me() && target.seq !== null && target.seq > myReadUpTo(run.ctx, target.conv_id)) {
    recountUnread(run.ctx, target.conv_id);
    run.changes.conversation(target.conv_id);
  }
}

function applyReaction(run: Apply, event: Event, body: BodyOf<'reaction'>, target: StoredMessage): void {
  if (target.system !== null || target.deleted === 1) return;
  const state = reactionState(run.ctx, target.id, event.senderId, body.emoji);
  if (state !== null && state.seq >= event.seq) return;
  setReaction(run.ctx, { messageId: target.id, userId: event.senderId, emoji: body.emoji, active: body.on, seq: event.seq, ts: event.ts });
  run.changes.message(target.conv_id, target.id);
}

function applyConversation(run: Apply, event: Event, body: BodyOf<'conversation'>): void {
  const { ctx } = run;
  if (getStored(ctx, event.id) !== undefined) return;
  const storedSeq = snapshotSeq(ctx, event.convId);
  // A replayed older snapshot must not undo a newer one; its names are still worth keeping.
  if (storedSeq === undefined || event.seq > storedSeq) applySnapshot(ctx, body.conv, event.seq);
  else upsertUsers(ctx, body.conv.members);
  insertMessage(ctx, {
    id: event.id,
    convId: event.convId,
    senderId: event.senderId,
    seq: event.seq,
    sortKey: event.seq,
    ts: event.ts,
    text: '',
    replyTo: null,
    deleted: false,
    status: null,
    system: {
      change: body.change,
      actorName: usernameOf(ctx, event.senderId),
      subjectNames: body.subjects.map((id) => usernameOf(ctx, id)),
      title: body.conv.title,
    },
  });
  run.changes.message(event.convId, event.id);
  run.changes.conversation(event.convId);
  run.touched.add(event.convId);
}
