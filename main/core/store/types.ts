import type { PageAnchor } from '../../../shared/contract/commands';
import type { ConversationSummary, Message, MessagePage, SearchHit, Settings } from '../../../shared/domain';
import type { ConversationSnapshot, Event, PostableBody } from '../../../shared/protocol';
import type { CheckpointKind } from './checkpointer';

/** A message the user sends: its id is chosen by the engine and becomes the event id on the server. */
export interface QueueMessageInput {
  id: string;
  convId: string;
  text: string;
  replyTo?: string;
  ts: number;
}

/** Who this profile is signed in as. The session token is never stored here (see SessionVault). */
export interface Account {
  server: string;
  userId: string;
  username: string;
}

/** What a write changed, so the Messenger can push exactly those rows to the renderer. */
export interface ChangeSet {
  /** Conversations whose summary may have changed (last message, unread, members, title, muted...). */
  conversations: Set<string>;
  /** Messages added or changed, by conversation id. */
  messages: Map<string, Set<string>>;
  /** Messages of other users stored for the first time by this write (for notifications and delivered receipts). */
  incoming: { convId: string; id: string; seq: number }[];
}

export interface OutboxItem {
  /** The event id: the message id for a message, a fresh id for an edit/delete/reaction. */
  id: string;
  convId: string;
  body: PostableBody;
  attempts: number;
  createdAt: number;
}

/**
 * The local store of one profile: a better-sqlite3 database in `profileDir/parley.db`.
 * All methods are synchronous; every write is one transaction.
 */
export interface Store {
  readonly path: string;

  getAccount(): Account | null;
  /** Sets the account. Setting a different account, or null (sign-out), wipes every synced row and the outbox. */
  setAccount(account: Account | null): void;

  /** Highest server sequence applied; sync resumes after it. */
  getCursor(): number;
  /**
   * Applies server events (a sync page or a live batch) in one transaction: ignores events already stored (by id),
   * applies edits/deletions/reactions/receipts/conversation changes, keeps FTS in step, and sets the cursor to
   * max(cursor, next) in the same transaction.
   */
  applyEvents(events: Event[], next: number): ChangeSet;
  /** Stores conversation snapshots from the `conversations` call (members, titles) without touching the cursor. */
  upsertConversations(snapshots: ConversationSnapshot[]): ChangeSet;

  /** Writes a pending message and its outbox row in one durable transaction, before anything is sent. */
  queueMessage(input: QueueMessageInput): { message: Message; changes: ChangeSet };
  /**
   * Several messages in one transaction, each under its own savepoint: a refused one comes back as an error without
   * affecting the others. Returns one outcome per input, in order. On return they survive a crash of the app; they
   * survive a power cut once `flushToDisk()`, called after this, has resolved.
   */
  queueMessages(
    inputs: QueueMessageInput[],
  ): ({ ok: true; message: Message; changes: ChangeSet } | { ok: false; error: unknown })[];
  /**
   * The outbox item queueMessages would write for this input right now, or null if it would refuse it (signed out,
   * not a member). Lets the caller post a message ahead of its commit, in the same turn of the event loop.
   */
  outboxItemFor(input: QueueMessageInput): OutboxItem | null;
  /** Resolves once every earlier commit is on the disk, without blocking the event loop while the disk syncs. */
  flushToDisk(): Promise<void>;
  /** Optimistically applies an edit/deletion/reaction of a message and queues it. */
  queueAction(input: { id: string; messageId: string; body: Exclude<PostableBody, { kind: 'message' }>; ts: number }): {
    message: Message;
    changes: ChangeSet;
  };
  /**
   * Up to `limit` queued (not failed) items, oldest first, leaving out those named in `skip` (already in flight).
   * Fewer than `limit` means there are no others.
   */
  outboxPending(limit: number, skip?: ReadonlySet<string>): OutboxItem[];
  outboxSize(): number;
  /** Records one more send attempt that did not end in an acknowledgement (for diagnostics). */
  outboxAttempted(id: string): void;
  /** The server acknowledged the event: remove it from the outbox, give the message its seq and server time. */
  outboxAcked(id: string, ack: { seq: number; ts: number }): ChangeSet;
  /** Acknowledgements that arrived together, in the order they were posted, committed in one transaction. */
  outboxAckedMany(acks: { id: string; seq: number; ts: number }[]): ChangeSet;
  /** The server refused the event for good: the message shows as failed (an optimistic edit/delete/reaction is rolled back). */
  outboxFailed(id: string, error: string): ChangeSet;
  /** Puts a failed message back in the queue with the same id. */
  outboxRetry(messageId: string): ChangeSet;

  listConversations(): ConversationSummary[];
  getConversations(ids: Iterable<string>): ConversationSummary[];
  getConversationSnapshot(convId: string): ConversationSnapshot | null;
  getMessages(ids: Iterable<string>): Message[];
  getMessage(id: string): Message | null;
  /** Keyset pagination (never OFFSET), oldest first in the result. */
  pageMessages(convId: string, anchor: PageAnchor, limit: number): MessagePage;
  /** FTS5 search with prefix matching; newest first; snippets as parts, never HTML. Indexes the backlog first. */
  search(query: string, options: { convId?: string; limit: number }): SearchHit[];
  /** Adds up to `limit` waiting messages to the search index in one transaction; returns whether more are waiting (0: only looks). */
  indexPending(limit: number): boolean;
  /**
   * Has the WAL copied back into the database file, on the checkpoint thread; returns at once. 'trim', for quiet
   * moments, also cuts back a WAL file that grew large under a long burst of writes.
   */
  checkpoint(kind?: CheckpointKind): void;

  /** Marks the conversation read locally up to its newest message; returns the seq to send as a read receipt, or null if nothing changed. */
  markRead(convId: string): { upTo: number; changes: ChangeSet } | null;
  /** Highest seq of others' messages per conversation not yet covered by this user's delivered/read receipt. */
  pendingDeliveredReceipts(): { convId: string; upTo: number }[];

  setMuted(convId: string, muted: boolean): ChangeSet;
  getDraft(convId: string): string;
  setDraft(convId: string, text: string): ChangeSet;
  getSettings(): Settings;
  updateSettings(patch: Partial<Settings>): Settings;
  /** Small key/value facts that outlive sign-out (last server, last username). */
  getMeta(key: string): string | null;
  setMeta(key: string, value: string | null): void;

  close(): void;
}
