import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { PageAnchor } from '../../../shared/contract/commands';
import type { ConversationSummary, Message, MessagePage, SearchHit, Settings } from '../../../shared/domain';
import type { ConversationSnapshot, Event, PostableBody } from '../../../shared/protocol';
import { setAccount } from './account';
import { applyEvents } from './apply-events';
import { ChangeCollector } from './changes';
import { StoreContext } from './context';
import { applySnapshot } from './conversations';
import { listSummaries, readSnapshot, readSummaries } from './conversation-read';
import { readMessages } from './message-read';
import * as outbox from './outbox';
import { pageMessages } from './paging';
import * as preferences from './preferences';
import { markRead, pendingDeliveredReceipts } from './receipts';
import { indexBacklog } from './search/indexer';
import { searchMessages } from './search/search';
import { Sql } from './sql';
import type { Account, ChangeSet, OutboxItem, QueueMessageInput, Store } from './types';
import type { WalFlusher } from './wal-flusher';
import type { CheckpointKind, Checkpointer } from './checkpointer';
import type { ProfileLock } from './profile-lock';

/** What the store owns besides its connection. Null flusher and checkpointer: the database is not in WAL mode. */
export interface StoreParts {
  /** Syncs the WAL after queued messages commit; null: they are synced inside their commit. */
  flusher: WalFlusher | null;
  checkpointer: Checkpointer | null;
  lock: ProfileLock | null;
}

const SEARCH_CATCH_UP_BATCH = 2_000;

/** The Store over one better-sqlite3 connection. Each method is one statement or one transaction. */
export class SqliteStore implements Store {
  private readonly ctx: StoreContext;

  constructor(
    private readonly db: Database.Database,
    readonly path: string,
    logger: Logger,
    private readonly parts: StoreParts,
  ) {
    this.ctx = new StoreContext(new Sql(db), logger);
  }

  getAccount(): Account | null {
    return this.ctx.getAccount();
  }

  setAccount(account: Account | null): void {
    setAccount(this.ctx, account);
  }

  getCursor(): number {
    return this.ctx.sql.value<number>('SELECT cursor FROM sync_state WHERE singleton = 1') ?? 0;
  }

  applyEvents(events: Event[], next: number): ChangeSet {
    return applyEvents(this.ctx, events, next);
  }

  upsertConversations(snapshots: ConversationSnapshot[]): ChangeSet {
    const changes = new ChangeCollector();
    this.ctx.sql.transaction(() => {
      for (const snapshot of snapshots) {
        // Current state from the server: applied as is, without claiming a seq (sync may still replay older events).
        applySnapshot(this.ctx, snapshot, 0);
        changes.conversation(snapshot.id);
      }
    });
    return changes.build();
  }

  queueMessage(input: QueueMessageInput): { message: Message; changes: ChangeSet } {
    return outbox.queueMessage(this.ctx, input);
  }

  queueMessages(inputs: QueueMessageInput[]): ReturnType<Store['queueMessages']> {
    return outbox.queueMessages(this.ctx, inputs, { syncInCommit: this.parts.flusher === null });
  }

  outboxItemFor(input: QueueMessageInput): OutboxItem | null {
    return outbox.outboxItemFor(this.ctx, input);
  }

  flushToDisk(): Promise<void> {
    return this.parts.flusher?.flush() ?? Promise.resolve();
  }

  queueAction(input: { id: string; messageId: string; body: Exclude<PostableBody, { kind: 'message' }>; ts: number }): {
    message: Message;
    changes: ChangeSet;
  } {
    return outbox.queueAction(this.ctx, input);
  }

  outboxPending(limit: number, skip?: ReadonlySet<string>): OutboxItem[] {
    return outbox.outboxPending(this.ctx, limit, skip);
  }

  outboxSize(): number {
    return outbox.outboxSize(this.ctx);
  }

  outboxAttempted(id: string): void {
    outbox.outboxAttempted(this.ctx, id);
  }

  outboxAcked(id: string, ack: { seq: number; ts: number }): ChangeSet {
    return outbox.outboxAcked(this.ctx, id, ack);
  }

  outboxAckedMany(acks: { id: string; seq: number; ts: number }[]): ChangeSet {
    return outbox.outboxAckedMany(this.ctx, acks);
  }

  outboxFailed(id: string, error: string): ChangeSet {
    return outbox.outboxFailed(this.ctx, id, error);
  }

  outboxRetry(messageId: string): ChangeSet {
    return outbox.outboxRetry(this.ctx, messageId);
  }

  listConversations(): ConversationSummary[] {
    return listSummaries(this.ctx);
  }

  getConversations(ids: Iterable<string>): ConversationSummary[] {
    return readSummaries(this.ctx, ids);
  }

  getConversationSnapshot(convId: string): ConversationSnapshot | null {
    return readSnapshot(this.ctx, convId);
  }

  getMessages(ids: Iterable<string>): Message[] {
    return readMessages(this.ctx, ids);
  }

  getMessage(id: string): Message | null {
    return readMessages(this.ctx, [id])[0] ?? null;
  }

  pageMessages(convId: string, anchor: PageAnchor, limit: number): MessagePage {
    return pageMessages(this.ctx, convId, anchor, limit);
  }

  search(query: string, options: { convId?: string; limit: number }): SearchHit[] {
    // Whatever the upkeep has not indexed yet is indexed now, so a search never misses a stored message.
    while (indexBacklog(this.ctx, SEARCH_CATCH_UP_BATCH));
    return searchMessages(this.ctx, query, options);
  }

  indexPending(limit: number): boolean {
    return indexBacklog(this.ctx, limit);
  }

  checkpoint(kind: CheckpointKind = 'checkpoint'): void {
    // Without WAL there is nothing to copy back.
    this.parts.checkpointer?.request(kind);
  }

  markRead(convId: string): { upTo: number; changes: ChangeSet } | null {
    const changes = new ChangeCollector();
    const upTo = this.ctx.sql.transaction(() => markRead(this.ctx, convId, changes));
    return upTo === null ? null : { upTo, changes: changes.build() };
  }

  pendingDeliveredReceipts(): { convId: string; upTo: number }[] {
    return pendingDeliveredReceipts(this.ctx);
  }

  setMuted(convId: string, muted: boolean): ChangeSet {
    return preferences.setMuted(this.ctx, convId, muted);
  }

  getDraft(convId: string): string {
    return preferences.getDraft(this.ctx, convId);
  }

  setDraft(convId: string, text: string): ChangeSet {
    return preferences.setDraft(this.ctx, convId, text);
  }

  getSettings(): Settings {
    return preferences.getSettings(this.ctx);
  }

  updateSettings(patch: Partial<Settings>): Settings {
    return preferences.updateSettings(this.ctx, patch);
  }

  getMeta(key: string): string | null {
    return preferences.getMeta(this.ctx, key);
  }

  setMeta(key: string, value: string | null): void {
    preferences.setMeta(this.ctx, key, value);
  }

  close(): void {
    this.parts.flusher?.close();
    void this.parts.checkpointer?.stop();
    if (this.db.open) this.db.close();
    this.parts.lock?.release();
  }
}
