import { z } from 'zod';
import type { Message } from '../../../shared/domain';
import { PostableBody } from '../../../shared/protocol';
import { refreshLastMessage } from './aggregates';
import { ChangeCollector } from './changes';
import type { StoreContext } from './context';
import { StoreError } from './errors';
import { readMessages } from './message-read';
import { PENDING_BASE } from './sort-keys';
import {
  acknowledge,
  getStored,
  insertMessage,
  reactionState,
  setReaction,
  setText,
  tombstone,
  untombstone,
  type StoredMessage,
} from './timeline';
import type { ChangeSet, OutboxItem, QueueMessageInput } from './types';

type ActionBody = Exclude<PostableBody, { kind: 'message' }>;

/** What an optimistic edit/deletion/reaction replaced, so a refusal can put it back. */
const Undo = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('edit'), text: z.string(), edited: z.boolean() }),
  z.object({ kind: z.literal('delete'), text: z.string(), edited: z.boolean() }),
  z.object({ kind: z.literal('reaction'), active: z.boolean() }),
]);
type Undo = z.infer<typeof Undo>;

interface OutboxRow {
  id: string;
  conv_id: string;
  message_id: string;
  body: string;
  undo: string | null;
  attempts: number;
  state: 'queued' | 'failed';
  created_at: number;
}

function readRow(ctx: StoreContext, id: string): OutboxRow | undefined {
  return ctx.sql.get<OutboxRow>(
    'SELECT id, conv_id, message_id, body, undo, attempts, state, created_at FROM outbox WHERE id = ?',
    id,
  );
}

function parseJson<T>(schema: z.ZodType<T>, text: string | null): T | null {
  if (text === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function nextPendingKey(ctx: StoreContext): number {
  const counter = ctx.sql.value<number>(
    'UPDATE sync_state SET local_counter = local_counter + 1 WHERE singleton = 1 RETURNING local_counter',
  );
  return PENDING_BASE + (counter ?? 0);
}

function requireSender(ctx: StoreContext): string {
  const me = ctx.me();
  if (me === '') throw new StoreError('forbidden', 'not signed in: nothing can be sent');
  return me;
}

function messageBody(input: { text: string; replyTo?: string }): PostableBody {
  return input.replyTo === undefined ? { kind: 'message', text: input.text } : { kind: 'message', text: input.text, replyTo: input.replyTo };
}

/** The outbox item queueMessage would write for this input now, or null if it would refuse it (signed out, not a member). */
export function outboxItemFor(ctx: StoreContext, input: QueueMessageInput): OutboxItem | null {
  if (ctx.me() === '' || closedConversation(ctx, input.convId) !== null) return null;
  return { id: input.id, convId: input.convId, body: messageBody(input), attempts: 0, createdAt: input.ts };
}

/** Why nothing can be queued in this conversation (unknown, or the user left it), or null if it is open. */
function closedConversation(ctx: StoreContext, convId: string): StoreError | null {
  const left = ctx.sql.value<number>('SELECT has_left FROM conversations WHERE id = ?', convId);
  if (left === undefined) return new StoreError('not_found', `conversation ${convId} is not in the store`);
  if (left === 1) return new StoreError('forbidden', `you are no longer a member of conversation ${convId}`);
  return null;
}

function requireOpenConversation(ctx: StoreContext, convId: string): void {
  const refusal = closedConversation(ctx, convId);
  if (refusal !== null) throw refusal;
}

function onlyMessage(ctx: StoreContext, id: string): Message {
  const message = readMessages(ctx, [id])[0];
  if (message === undefined) throw new StoreError('not_found', `message ${id} is not in the store`);
  return message;
}

export function queueMessage(ctx: StoreContext, input: QueueMessageInput): { message: Message; changes: ChangeSet } {
  const changes = new ChangeCollector();
  ctx.sql.durableTransaction(() => queueOne(ctx, input, changes));
  return { message: onlyMessage(ctx, input.id), changes: changes.build() };
}

/**
 * Several messages queued together (group commit): one transaction for all of them. Each message is written under
 * its own savepoint, so one that is refused (unknown conversation, ...) does not take the others with it. Unless
 * `syncInCommit`, the commit is not synced to the disk here: the caller gets that from `WalFlusher.flush()` off the
 * event loop (see Store.flushToDisk).
 */
export function queueMessages(
  ctx: StoreContext,
  inputs: QueueMessageInput[],
  options: { syncInCommit: boolean },
): ({ ok: true; message: Message; changes: ChangeSet } | { ok: false; error: unknown })[] {
  const outcomes: ({ ok: true; changes: ChangeCollector } | { ok: false; error: unknown })[] = [];
  const commit = options.syncInCommit ? ctx.sql.durableTransaction.bind(ctx.sql) : ctx.sql.transaction.bind(ctx.sql);
  commit(() => {
    for (const input of inputs) {
      const changes = new ChangeCollector();
      try {
        ctx.sql.transaction(() => queueOne(ctx, input, changes));
        outcomes.push({ ok: true, changes });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
  });
  const messages = new Map(readMessages(ctx, inputs.filter((_, i) => outcomes[i]!.ok).map((input) => input.id)).map((m) => [m.id, m]));
  return outcomes.map((outcome, i) => {
    if (!outcome.ok) return outcome;
    const message = messages.get(inputs[i]!.id);
    if (message === undefined) return { ok: false, error: new StoreError('not_found', `message ${inputs[i]!.id} is not in the store`) };
    return { ok: true, message, changes: outcome.changes.build() };
  });
}

function queueOne(ctx: StoreContext, input: QueueMessageInput, changes: ChangeCollector): void {
  const me = requireSender(ctx);
  requireOpenConversation(ctx, input.convId);
  // Queuing the same id again (a double click, a retried IPC call) must not create a second message.
  if (getStored(ctx, input.id) !== undefined) return;
  insertMessage(ctx, {
    id: input.id,
    convId: input.convId,
    senderId: me,
    seq: null,
    sortKey: nextPendingKey(ctx),
    ts: input.ts,
    text: input.text,
    replyTo: input.replyTo ?? null,
    deleted: false,
    status: 'pending',
    system: null,
  });
  insertOutbox(ctx, { id: input.id, convId: input.convId, messageId: input.id, body: messageBody(input), undo: null, createdAt: input.ts });
  refreshLastMessage(ctx, input.convId);
  changes.message(input.convId, input.id);
  changes.conversation(input.convId);
}

function insertOutbox(
  ctx: StoreContext,
  item: { id: string; convId: string; messageId: string; body: PostableBody; undo: Undo | null; createdAt: number },
): void {
  ctx.sql.run(
    `INSERT INTO outbox (id, conv_id, message_id, body, undo, state, created_at) VALUES (?, ?, ?, ?, ?, 'queued', ?)`,
    item.id,
    item.convId,
    item.messageId,
    JSON.stringify(item.body),
    item.undo === null ? null : JSON.stringify(item.undo),
    item.createdAt,
  );
}

function noteMessageChanged(ctx: StoreContext, changes: ChangeCollector, target: StoredMessage): void {
  changes.message(target.conv_id, target.id);
  const last = ctx.sql.value<string>('SELECT last_message_id FROM conversations WHERE id = ?', target.conv_id);
  if (last === target.id) changes.conversation(target.conv_id);
}

/** Applies the action to the message now and returns what it replaced. */
function applyOptimistically(ctx: StoreContext, me: string, target: StoredMessage, body: ActionBody, ts: number): Undo {
  if (target.system !== null || target.deleted === 1) {
    throw new StoreError('forbidden', `message ${target.id} cannot be changed (deleted or a system note)`);
  }
  if (body.kind !== 'reaction' && target.sender_id !== me) {
    throw new StoreError('forbidden', `only the sender can ${body.kind} message ${target.id}`);
  }
  switch (body.kind) {
    case 'edit':
      setText(ctx, target, body.text, true, target.edit_seq);
      return { kind: 'edit', text: target.text, edited: target.edited === 1 };
    case 'delete':
      tombstone(ctx, target);
      return { kind: 'delete', text: target.text, edited: target.edited === 1 };
    case 'reaction': {
      const previous = reactionState(ctx, target.id, me, body.emoji);
      setReaction(ctx, { messageId: target.id, userId: me, emoji: body.emoji, active: body.on, seq: previous?.seq ?? 0, ts });
      return { kind: 'reaction', active: previous?.active ?? false };
    }
  }
}

export function queueAction(
  ctx: StoreContext,
  input: { id: string; messageId: string; body: ActionBody; ts: number },
): { message: Message; changes: ChangeSet } {
  const changes = new ChangeCollector();
  ctx.sql.durableTransaction(() => {
    const me = requireSender(ctx);
    const target = getStored(ctx, input.messageId);
    if (target === undefined) throw new StoreError('not_found', `message ${input.messageId} is not in the store`);
    requireOpenConversation(ctx, target.conv_id);
    if (readRow(ctx, input.id) !== undefined) return;
    const undo = applyOptimistically(ctx, me, target, input.body, input.ts);
    insertOutbox(ctx, { id: input.id, convId: target.conv_id, messageId: target.id, body: input.body, undo, createdAt: input.ts });
    noteMessageChanged(ctx, changes, target);
  });
  return { message: onlyMessage(ctx, input.messageId), changes: changes.build() };
}

/**
 * Up to `limit` queued items not in `skip`, oldest first. Fewer than `limit` means there are no others: the sender
 * relies on that to stop reading until something new is queued.
 */
export function outboxPending(ctx: StoreContext, limit: number, skip?: ReadonlySet<string>): OutboxItem[] {
  const items: OutboxItem[] = [];
  if (limit <= 0) return items;
  const batch = (skip?.size ?? 0) + limit;
  let after = 0;
  for (;;) {
    const rows = ctx.sql.all<OutboxRow & { position: number }>(
      `SELECT position, id, conv_id, message_id, body, undo, attempts, state, created_at FROM outbox
       WHERE state = 'queued' AND position > ? ORDER BY position LIMIT ?`,
      after,
      batch,
    );
    for (const row of rows) {
      after = row.position;
      if (skip?.has(row.id)) continue;
      const body = parseJson(PostableBody, row.body);
      if (body === null) {
        // Sending it is impossible; failing it shows the user instead of blocking the queue behind it forever.
        ctx.logger.error({ id: row.id }, 'store: unreadable outbox entry marked failed');
        outboxFailed(ctx, row.id, 'unreadable outbox entry');
        continue;
      }
      items.push({ id: row.id, convId: row.conv_id, body, attempts: row.attempts, createdAt: row.created_at });
      if (items.length === limit) return items;
    }
    if (rows.length < batch) return items;
  }
}

export function outboxSize(ctx: StoreContext): number {
  return ctx.sql.value<number>(`SELECT count(*) FROM outbox WHERE state = 'queued'`) ?? 0;
}

export function outboxAttempted(ctx: StoreContext, id: string): void {
  ctx.sql.run('UPDATE outbox SET attempts = attempts + 1 WHERE id = ?', id);
}

export function outboxAcked(ctx: StoreContext, id: string, ack: { seq: number; ts: number }): ChangeSet {
  return outboxAckedMany(ctx, [{ id, ...ack }]);
}

/** Acknowledgements that arrived together, committed in one transaction. */
export function outboxAckedMany(ctx: StoreContext, acks: { id: string; seq: number; ts: number }[]): ChangeSet {
  const changes = new ChangeCollector();
  if (acks.length === 0) return changes.build();
  ctx.sql.transaction(() => {
    const touched = new Set<string>();
    for (const ack of acks) {
      const convId = applyAck(ctx, ack.id, ack, changes);
      if (convId !== null) touched.add(convId);
    }
    for (const convId of touched) refreshLastMessage(ctx, convId);
  });
  return changes.build();
}

/** Returns the conversation whose last message needs a refresh, if any. */
function applyAck(ctx: StoreContext, id: string, ack: { seq: number; ts: number }, changes: ChangeCollector): string | null {
  const row = readRow(ctx, id);
  ctx.sql.run('DELETE FROM outbox WHERE id = ?', id);
  const body = row ? parseJson(PostableBody, row.body) : null;
  if (row === undefined || body?.kind === 'message') {
    // Without a row the event may already have come back through sync; acknowledging twice changes nothing.
    const message = getStored(ctx, id);
    if (message === undefined || message.seq !== null) return null;
    acknowledge(ctx, message, ack.seq, ack.ts);
    changes.message(message.conv_id, message.id);
    changes.conversation(message.conv_id);
    return message.conv_id;
  }
  // Record the server order of our own change so an older event replayed later cannot override it.
  if (body?.kind === 'edit') {
    ctx.sql.run('UPDATE messages SET edit_seq = max(edit_seq, ?) WHERE id = ?', ack.seq, row.message_id);
  } else if (body?.kind === 'reaction') {
    ctx.sql.run(
      'UPDATE reactions SET seq = max(seq, ?) WHERE message_id = ? AND user_id = ? AND emoji = ?',
      ack.seq,
      row.message_id,
      ctx.me(),
      body.emoji,
    );
  }
  return null;
}

export function outboxFailed(ctx: StoreContext, id: string, error: string): ChangeSet {
  const changes = new ChangeCollector();
  ctx.sql.transaction(() => {
    const row = readRow(ctx, id);
    if (row === undefined) return;
    const body = parseJson(PostableBody, row.body);
    if (body === null || body.kind === 'message') {
      ctx.sql.run(`UPDATE outbox SET state = 'failed', last_error = ? WHERE id = ?`, error, id);
      const updated = ctx.sql.run(`UPDATE messages SET status = 'failed', error = ? WHERE id = ? AND seq IS NULL`, error, row.message_id);
      if (updated.changes > 0) {
        changes.message(row.conv_id, row.message_id);
        changes.conversation(row.conv_id);
      }
      return;
    }
    ctx.sql.run('DELETE FROM outbox WHERE id = ?', id);
    const target = getStored(ctx, row.message_id);
    const undo = parseJson(Undo, row.undo);
    if (target === undefined || undo === null) return;
    if (rollBack(ctx, target, body, undo)) noteMessageChanged(ctx, changes, target);
  });
  return changes.build();
}

/** Puts back what an optimistic action replaced, unless something newer has replaced it since. */
function rollBack(ctx: StoreContext, target: StoredMessage, body: ActionBody, undo: Undo): boolean {
  if (body.kind === 'edit' && undo.kind === 'edit') {
    if (target.deleted === 1 || target.text !== body.text) return false;
    setText(ctx, target, undo.text, undo.edited, target.edit_seq);
    return true;
  }
  if (body.kind === 'delete' && undo.kind === 'delete') {
    if (target.deleted === 0) return false;
    untombstone(ctx, target, undo.text, undo.edited);
    return true;
  }
  if (body.kind === 'reaction' && undo.kind === 'reaction') {
    const me = ctx.me();
    const current = reactionState(ctx, target.id, me, body.emoji);
    if (current === null || current.active !== body.on) return false;
    setReaction(ctx, { messageId: target.id, userId: me, emoji: body.emoji, active: undo.active, seq: current.seq, ts: Date.now() });
    return true;
  }
  return false;
}

export function outboxRetry(ctx: StoreContext, messageId: string): ChangeSet {
  const changes = new ChangeCollector();
  ctx.sql.durableTransaction(() => {
    const row = readRow(ctx, messageId);
    const message = getStored(ctx, messageId);
    if (row === undefined || message === undefined) {
      throw new StoreError('not_found', `message ${messageId} is not waiting in the outbox`);
    }
    if (row.state !== 'failed') return;
    // Re-inserting puts it at the end of the queue, and the new sort key at the end of the timeline, in send order.
    ctx.sql.run('DELETE FROM outbox WHERE id = ?', messageId);
    ctx.sql.run(
      `INSERT INTO outbox (id, conv_id, message_id, body, undo, state, created_at) VALUES (?, ?, ?, ?, ?, 'queued', ?)`,
      row.id,
      row.conv_id,
      row.message_id,
      row.body,
      row.undo,
      row.created_at,
    );
    ctx.sql.run(`UPDATE messages SET status = 'pending', error = NULL, sort_key = ? WHERE pk = ?`, nextPendingKey(ctx), message.pk);
    refreshLastMessage(ctx, message.conv_id);
    changes.message(message.conv_id, message.id);
    changes.conversation(message.conv_id);
  });
  return changes.build();
}
