import { newId } from './ids';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { CommandHandlers, CommandOutput, EventSink, Unsubscribe } from '../../../shared/contract/api';
import type { commands } from '../../../shared/contract/commands';
import { AppErrorCode, ParleyError } from '../../../shared/contract/errors';
import type { Capabilities, ConnectionState, ConversationSummary, Message, SessionState, User } from '../../../shared/domain';
import type { ConversationSnapshot, MethodName, MethodParams, MethodResult } from '../../../shared/protocol';
import { resolveTimings, type ConnectionTimings } from '../connection/timings';
import { createLogger } from '../logger';
import type { SessionVault } from '../session/vault';
import { openStore, type OpenStoreOptions } from '../store';
import type { OutboxItem, QueueMessageInput, Store } from '../store/types';
import { toParleyError } from './errors';
import { EventHub, type IncomingListener } from './event-hub';
import type { LinkTuning } from './server-link';
import { SessionControl } from './session-control';
import { StoreUpkeep, type UpkeepTuning } from './store-upkeep';
import { TypingTracker } from './typing';

export interface MessengerOptions {
  profileDir: string;
  vault: SessionVault;
  capabilities: Capabilities;
  logger?: Logger;
  /** Store options (tests observe how the disk is synced). */
  store?: Pick<OpenStoreOptions, 'syncFile' | 'busyTimeoutMs'>;
  /** When deferred store work (search indexing, checkpoints) runs (tests shorten it). */
  upkeep?: UpkeepTuning;
  /** Connection intervals (tests shorten them). */
  connection?: Partial<ConnectionTimings>;
  /** Extra certificate authority trusted for wss:// servers (self-signed test servers); verification stays on. */
  ca?: string | Buffer;
  /** Server address offered on the sign-in form when this profile never signed in. */
  defaultServer?: string;
  tuning?: LinkTuning & {
    /** How long a sign-in may take before it fails with server_unreachable. */
    signInTimeoutMs?: number;
  };
}

type Input<K extends keyof typeof commands> = z.output<(typeof commands)[K]['input']>;

/**
 * The engine behind the typed API: wires the store, the connection, sync and outbox, implements every call of
 * the contract and pushes every event. Usable from plain Node (web shell, tests) and from Electron's main process.
 */
export class Messenger implements CommandHandlers {
  private readonly hub: EventHub;
  private readonly typing: TypingTracker;
  private readonly session: SessionControl;
  private readonly upkeep: StoreUpkeep;
  private activeConversation: string | null = null;
  /** sendMessage calls of the current turn of the event loop, written together at its end. */
  private readonly sendQueue: { input: QueueMessageInput; resolve(message: Message): void; reject(error: unknown): void }[] = [];
  private disposed = false;

  private constructor(
    private readonly options: MessengerOptions,
    private readonly store: Store,
    private readonly logger: Logger,
  ) {
    this.upkeep = new StoreUpkeep(store, logger.child({ module: 'upkeep' }), options.upkeep);
    this.hub = new EventHub(store, logger, () => this.upkeep.wrote());
    this.typing = new TypingTracker(
      (convId, userId) => this.store.getConversationSnapshot(convId)?.members.find((m) => m.id === userId) ?? null,
      (convId, users) => this.hub.emit('typingChanged', { convId, users }),
    );
    this.session = new SessionControl({
      store,
      vault: options.vault,
      hub: this.hub,
      typing: this.typing,
      timings: resolveTimings(options.connection),
      tuning: options.tuning ?? {},
      logger,
      ...(options.ca !== undefined ? { ca: options.ca } : {}),
      ...(options.defaultServer !== undefined ? { defaultServer: options.defaultServer } : {}),
    });
  }

  /** Opens the profile's store, restores a remembered session and connects. */
  static async open(options: MessengerOptions): Promise<Messenger> {
    const logger = options.logger ?? createLogger();
    const store = openStore(options.profileDir, { ...options.store, logger: logger.child({ module: 'store' }) });
    const messenger = new Messenger(options, store, logger);
    // A previous run may have stopped with messages still waiting for the search index (indexPending(0) only
    // looks). Nothing else is scheduled at start-up: the checkpoint thread starts with the first writes.
    if (store.indexPending(0)) messenger.upkeep.wrote();
    try {
      await messenger.session.restore();
    } catch (error) {
      await messenger.dispose();
      throw error;
    }
    return messenger;
  }

  subscribe(sink: EventSink): Unsubscribe {
    return this.hub.subscribe(sink);
  }

  /** Others' messages newly stored (not the import of a fresh profile's history), for notifications. */
  onIncoming(listener: IncomingListener): Unsubscribe {
    return this.hub.onIncoming(listener);
  }

  /** For shells: show this conversation (notification click, tray, deep link). */
  requestOpenConversation(convId: string): void {
    this.hub.emit('openConversation', { convId });
  }

  getActiveConversation(): string | null {
    return this.activeConversation;
  }

  /** The OS network status changed. */
  networkChanged(online: boolean): void {
    this.session.networkChanged(online);
  }

  /** Unread messages in conversations that are not muted, for the tray and the dock badge. */
  totalUnread(): number {
    return this.store.listConversations().reduce((sum, c) => sum + (c.muted ? 0 : c.unread), 0);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.session.dispose();
    this.upkeep.dispose();
    this.typing.dispose();
    this.hub.clear();
    this.store.close();
  }

  // ---- session -------------------------------------------------------------------------------------------

  async getSession(): Promise<SessionState> {
    return this.session.state();
  }

  signIn(input: Input<'signIn'>): Promise<User> {
    return this.session.signIn('login', input);
  }

  register(input: Input<'register'>): Promise<User> {
    return this.session.signIn('register', input);
  }

  async signOut(): Promise<null> {
    await this.session.signOut();
    return null;
  }

  async getConnection(): Promise<ConnectionState> {
    return this.session.connection;
  }

  async getCapabilities(): Promise<Capabilities> {
    return this.options.capabilities;
  }

  // ---- local data ----------------------------------------------------------------------------------------

  async listConversations(): Promise<ConversationSummary[]> {
    return this.store.listConversations();
  }

  async pageMessages(input: Input<'pageMessages'>): Promise<CommandOutput<'pageMessages'>> {
    return this.store.pageMessages(input.convId, input.anchor, input.limit);
  }

  /**
   * Messages sent in one turn of the event loop are written together at its end, in one transaction (group commit).
   * While the outbox has nothing older waiting, they are posted just before that commit, in the same turn: the post
   * does not wait for the write, and a crash in between leaves nothing to lose that the server does not already
   * hold (sync brings it back, once, by its id). Otherwise they are posted from the outbox once committed. The disk
   * syncs on the thread pool meanwhile; the call returns once the messages survive a power cut too.
   */
  async sendMessage(input: Input<'sendMessage'>): Promise<Message> {
    this.requireSession();
    const queued = { id: newId(), convId: input.convId, text: input.text, ts: Date.now(), ...(input.replyTo ? { replyTo: input.replyTo } : {}) };
    return new Promise<Message>((resolve, reject) => {
      this.sendQueue.push({ input: queued, resolve, reject });
      if (this.sendQueue.length === 1) queueMicrotask(() => this.writeQueuedSends());
    });
  }

  private writeQueuedSends(): void {
    const batch = this.sendQueue.splice(0);
    if (batch.length === 0) return;
    let outcomes: ReturnType<Store['queueMessages']>;
    let postedAhead = false;
    try {
      if (this.disposed) throw new ParleyError(AppErrorCode.Internal, 'the engine is closed');
      postedAhead = this.postAhead(batch.map((send) => send.input));
      outcomes = this.store.queueMessages(batch.map((send) => send.input));
    } catch (error) {
      for (const send of batch) send.reject(toParleyError(error));
      return;
    }
    // Shown as pending at once: that only needs the commit to survive a crash of the app.
    for (const outcome of outcomes) if (outcome.ok) this.hub.changes(outcome.changes, { read: [outcome.message] });
    if (!postedAhead) this.session.sendQueued();
    const settle = () => {
      outcomes.forEach((outcome, i) => {
        const send = batch[i]!;
        if (!outcome.ok) return send.reject(toParleyError(outcome.error));
        send.resolve(outcome.message);
      });
    };
    this.store.flushToDisk().then(settle, (error: unknown) => {
      // The messages are committed (and maybe already posted): failing the calls would only hide them from the sender.
      this.logger.error({ error: String(error) }, 'could not sync queued messages to the disk');
      settle();
    });
  }

  /** Posts the batch before it is written, if every message in it will be accepted and nothing older waits. */
  private postAhead(inputs: QueueMessageInput[]): boolean {
    const items: OutboxItem[] = [];
    for (const input of inputs) {
      const item = this.store.outboxItemFor(input);
      if (item === null) return false;
      items.push(item);
    }
    return this.session.postAhead(items);
  }

  async editMessage(input: Input<'editMessage'>): Promise<Message> {
    return this.queueAction(input.messageId, { kind: 'edit', target: input.messageId, text: input.text });
  }

  async deleteMessage(input: Input<'deleteMessage'>): Promise<Message> {
    return this.queueAction(input.messageId, { kind: 'delete', target: input.messageId });
  }

  async react(input: Input<'react'>): Promise<Message> {
    return this.queueAction(input.messageId, { kind: 'reaction', target: input.messageId, emoji: input.emoji, on: input.on });
  }

  async retryMessage(input: Input<'retryMessage'>): Promise<Message> {
    this.requireSession();
    const changes = this.guard(() => this.store.outboxRetry(input.messageId));
    this.hub.changes(changes);
    this.session.sendQueued();
    return this.messageOrNotFound(input.messageId);
  }

  async markRead(input: Input<'markRead'>): Promise<null> {
    const result = this.guard(() => this.store.markRead(input.convId));
    if (result !== null) {
      this.hub.changes(result.changes);
      this.session.read(input.convId, result.upTo);
    }
    return null;
  }

  async setTyping(input: Input<'setTyping'>): Promise<null> {
    const connection = this.session.online;
    if (connection !== null) {
      connection.call('typing', { convId: input.convId, on: input.typing }).catch((error: unknown) => {
        this.logger.debug({ error: String(error) }, 'typing not sent');
      });
    }
    return null;
  }

  async setActiveConversation(input: Input<'setActiveConversation'>): Promise<null> {
    this.activeConversation = input.convId;
    return null;
  }

  async searchMessages(input: Input<'searchMessages'>): Promise<CommandOutput<'searchMessages'>> {
    return this.guard(() => this.store.search(input.query, { limit: input.limit, ...(input.convId ? { convId: input.convId } : {}) }));
  }

  async setMuted(input: Input<'setMuted'>): Promise<ConversationSummary> {
    this.hub.changes(this.guard(() => this.store.setMuted(input.convId, input.muted)));
    return this.conversationOrNotFound(input.convId);
  }

  async getDraft(input: Input<'getDraft'>): Promise<string> {
    return this.store.getDraft(input.convId);
  }

  async setDraft(input: Input<'setDraft'>): Promise<null> {
    this.hub.changes(this.guard(() => this.store.setDraft(input.convId, input.text)));
    return null;
  }

  async getSettings(): Promise<CommandOutput<'getSettings'>> {
    return this.store.getSettings();
  }

  async updateSettings(input: Input<'updateSettings'>): Promise<CommandOutput<'updateSettings'>> {
    const settings = this.store.updateSettings(input);
    this.hub.emit('settingsChanged', settings);
    return settings;
  }

  // ---- calls that need the server ------------------------------------------------------------------------

  async findUsers(input: Input<'findUsers'>): Promise<User[]> {
    const { users } = await this.remote('findUsers', { prefix: input.prefix });
    return users.map((u) => ({ id: u.id, username: u.username }));
  }

  async getPresence(input: Input<'getPresence'>): Promise<CommandOutput<'getPresence'>> {
    if (input.userIds.length === 0) return [];
    const { presence } = await this.remote('presence', { userIds: input.userIds });
    return presence.map((p) => ({ userId: p.userId, online: p.online, lastSeen: p.lastSeen }));
  }

  async createDirect(input: Input<'createDirect'>): Promise<ConversationSummary> {
    return this.storeConversation((await this.remote('createDirect', { userId: input.userId })).conv);
  }

  async createGroup(input: Input<'createGroup'>): Promise<ConversationSummary> {
    return this.storeConversation((await this.remote('createGroup', { id: newId(), title: input.title, memberIds: input.memberIds })).conv);
  }

  async addMembers(input: Input<'addMembers'>): Promise<ConversationSummary> {
    return this.storeConversation((await this.remote('addMembers', { convId: input.convId, userIds: input.userIds })).conv);
  }

  async removeMember(input: Input<'removeMember'>): Promise<ConversationSummary> {
    return this.storeConversation((await this.remote('removeMember', { convId: input.convId, userId: input.userId })).conv);
  }

  async renameGroup(input: Input<'renameGroup'>): Promise<ConversationSummary> {
    return this.storeConversation((await this.remote('rename', { convId: input.convId, title: input.title })).conv);
  }

  async leaveConversation(input: Input<'leaveConversation'>): Promise<null> {
    await this.remote('leave', { convId: input.convId });
    return null;
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private async queueAction(messageId: string, body: Parameters<Store['queueAction']>[0]['body']): Promise<Message> {
    this.requireSession();
    const { message, changes } = this.guard(() => this.store.queueAction({ id: newId(), messageId, body, ts: Date.now() }));
    this.hub.changes(changes);
    this.session.sendQueued();
    return message;
  }

  private async remote<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const connection = this.session.server;
    if (!this.session.signedIn) throw new ParleyError(AppErrorCode.NotSignedIn, 'not signed in');
    if (connection === null) throw new ParleyError(AppErrorCode.Offline, `${method} needs a connection to the server`);
    try {
      return await connection.call(method, params);
    } catch (error) {
      throw toParleyError(error);
    }
  }

  /** Stores a conversation the server just returned, so the answer and the list agree at once. */
  private storeConversation(conv: ConversationSnapshot): ConversationSummary {
    this.hub.changes(this.guard(() => this.store.upsertConversations([conv])));
    return this.conversationOrNotFound(conv.id);
  }

  private conversationOrNotFound(convId: string): ConversationSummary {
    const conversation = this.store.getConversations([convId])[0];
    if (conversation === undefined) throw new ParleyError(AppErrorCode.NotFound, `no conversation ${convId}`);
    return conversation;
  }

  private messageOrNotFound(messageId: string): Message {
    const message = this.store.getMessage(messageId);
    if (message === null) throw new ParleyError(AppErrorCode.NotFound, `no message ${messageId}`);
    return message;
  }

  private requireSession(): void {
    if (!this.session.signedIn) throw new ParleyError(AppErrorCode.NotSignedIn, 'not signed in');
  }

  private guard<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw toParleyError(error);
    }
  }
}
