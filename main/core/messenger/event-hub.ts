import type { Logger } from 'pino';
import type { EventName } from '../../../shared/contract/names';
import type { EventPayload, EventSink, Unsubscribe } from '../../../shared/contract/api';
import type { ConversationSummary, Message } from '../../../shared/domain';
import type { ChangeSet, Store } from '../store/types';

/** Newly received messages of others in one conversation, for notifications. */
export interface IncomingItem {
  conversation: ConversationSummary;
  messages: Message[];
}
export type IncomingListener = (items: IncomingItem[]) => void;

/**
 * Fans engine events out to the shells' sinks and turns a store ChangeSet into exactly the contract events for
 * the rows it names. A failing sink never breaks the engine or the other sinks.
 */
export class EventHub {
  private readonly sinks = new Set<EventSink>();
  private readonly incomingListeners = new Set<IncomingListener>();
  /** Changes of the current turn of the event loop, pushed at its end. */
  private pending: ChangeSet | null = null;
  /**
   * Messages that a write of this turn read back itself, right after its commit (the messages just queued). Any later
   * write without such reads of its own may have changed them (or what is derived from other rows: receipts, names),
   * so it makes them all stale and the flush reads from the store again.
   */
  private fresh = new Map<string, Message>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    /** Told about every write that changed rows (the store's upkeep waits for quiet moments). */
    private readonly onWrite: () => void = () => undefined,
  ) {}

  subscribe(sink: EventSink): Unsubscribe {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  onIncoming(listener: IncomingListener): Unsubscribe {
    this.incomingListeners.add(listener);
    return () => this.incomingListeners.delete(listener);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const sink of [...this.sinks]) {
      try {
        sink(name, payload);
      } catch (error) {
        this.logger.error({ event: name, error: String(error) }, 'event sink failed');
      }
    }
  }

  /**
   * Pushes the conversations and messages a write changed; reports others' new messages unless `quiet`. Writes of
   * one turn of the event loop (a burst of sends, the acknowledgements or live frames read from one socket chunk)
   * are pushed together at its end: each row is read once, in its latest state, however many writes touched it.
   * `read`: the changed messages as the write itself read them back after its commit, pushed without reading them
   * again if no other write of the turn comes after.
   */
  changes(changes: ChangeSet, options: { quiet?: boolean; read?: readonly Message[] } = {}): void {
    const incoming = options.quiet ? [] : changes.incoming;
    if (changes.conversations.size === 0 && changes.messages.size === 0 && incoming.length === 0) return;
    this.onWrite();
    if (options.read === undefined) this.fresh.clear();
    else for (const message of options.read) this.fresh.set(message.id, message);
    let pending = this.pending;
    if (pending === null) {
      pending = this.pending = { conversations: new Set(), messages: new Map(), incoming: [] };
      queueMicrotask(() => this.flush());
    }
    for (const convId of changes.conversations) pending.conversations.add(convId);
    for (const [convId, ids] of changes.messages) {
      let set = pending.messages.get(convId);
      if (set === undefined) pending.messages.set(convId, (set = new Set()));
      for (const id of ids) set.add(id);
    }
    for (const item of incoming) pending.incoming.push(item);
  }

  private flush(): void {
    const changes = this.pending;
    const fresh = this.fresh;
    this.pending = null;
    this.fresh = new Map();
    if (changes === null) return;
    try {
      if (changes.conversations.size > 0) {
        this.emit('conversationsChanged', { conversations: this.store.getConversations(changes.conversations) });
      }
      for (const [convId, ids] of changes.messages) {
        if (ids.size === 0) continue;
        this.emit('messagesChanged', { convId, messages: this.latest(ids, fresh) });
      }
      if (changes.incoming.length > 0 && this.incomingListeners.size > 0) this.reportIncoming(changes.incoming);
    } catch (error) {
      this.logger.error({ error: String(error) }, 'could not publish changes');
    }
  }

  /** The messages in their latest state, in timeline order (as the store returns them). */
  private latest(ids: ReadonlySet<string>, fresh: ReadonlyMap<string, Message>): Message[] {
    const known: Message[] = [];
    for (const id of ids) {
      const message = fresh.get(id);
      if (message === undefined) return this.store.getMessages(ids);
      known.push(message);
    }
    return known.sort((a, b) => a.sortKey - b.sortKey);
  }

  clear(): void {
    this.pending = null;
    this.fresh.clear();
    this.sinks.clear();
    this.incomingListeners.clear();
  }

  private reportIncoming(incoming: ChangeSet['incoming']): void {
    const idsByConv = new Map<string, string[]>();
    for (const { convId, id } of incoming) idsByConv.set(convId, [...(idsByConv.get(convId) ?? []), id]);
    const conversations = new Map(this.store.getConversations(idsByConv.keys()).map((c) => [c.id, c]));
    const items: IncomingItem[] = [];
    for (const [convId, ids] of idsByConv) {
      const conversation = conversations.get(convId);
      const messages = this.store.getMessages(ids).filter((message) => !message.mine);
      if (conversation !== undefined && messages.length > 0) items.push({ conversation, messages });
    }
    if (items.length === 0) return;
    for (const listener of [...this.incomingListeners]) {
      try {
        listener(items);
      } catch (error) {
        this.logger.error({ error: String(error) }, 'incoming listener failed');
      }
    }
  }
}
