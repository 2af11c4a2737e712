import { ulid } from 'ulid';
import type { Logger } from 'pino';
import type { CommandHandlers, CommandOutput, EventSink, Unsubscribe } from '../../../shared/contract/api';
import type { commands } from '../../../shared/contract/commands';
import { AppErrorCode, ParleyError } from '../../../shared/contract/errors';
import type { Capabilities, ConnectionState, ConversationSummary, Message, SessionState, User } from '../../../shared/domain';
import type { ConversationSnapshot, MethodName, MethodParams, MethodResult } from '../../../shared/protocol';
import type { z } from 'zod';
import type { AuthenticatedSession, Credentials, TerminalFailure } from '../connection/connection';
import { resolveTimings, type ConnectionTimings } from '../connection/timings';
import { createLogger } from '../logger';
import type { SessionVault } from '../session/vault';
import { openStore } from '../store';
import type { ChangeSet, Store } from '../store/types';
import type { ApplyOrigin } from '../sync/syncer';
import { toParleyError, terminalToParleyError } from './errors';
import { EventHub, type IncomingListener } from './event-hub';
import { ServerLink, type LinkTuning } from './server-link';
import { TypingTracker } from './typing';

export interface MessengerOptions {
  profileDir: string;
  vault: SessionVault;
  capabilities: Capabilities;
  logger?: Logger;
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

interface SignInAttempt {
  staySignedIn: boolean;
  resolve(user: User): void;
  reject(error: ParleyError): void;
  timer: NodeJS.Timeout;
}

const META_LAST_SERVER = 'lastServer';
const META_LAST_USERNAME = 'lastUsername';
const DEFAULT_SIGN_IN_TIMEOUT_MS = 15_000;
const LOGOUT_TIMEOUT_MS = 3_000;

const offlineState = (reason: string): ConnectionState => ({ state: 'offline', reason, rttMs: null, retryAt: null, sync: null });

/**
 * The engine behind the typed API: wires the store, the connection, sync and outbox, implements every call of
 * the contract and pushes every event. Usable from plain Node (web shell, tests) and from Electron's main process.
 */
export class Messenger implements CommandHandlers {
  private readonly hub: EventHub;
  private readonly typing: TypingTracker;
  private readonly timings: ConnectionTimings;
  private link: ServerLink | null = null;
  private session: { user: User; server: string } | null = null;
  private sessionEndReason: string | null = null;
  private signInAttempt: SignInAttempt | null = null;
  private connectionState = offlineState('signed out');
  private activeConversation: string | null = null;
  private disposed = false;

  private constructor(
    private readonly options: MessengerOptions,
    private readonly store: Store,
    private readonly logger: Logger,
  ) {
    this.hub = new EventHub(store, logger);
    this.timings = resolveTimings(options.connection);
    this.typing = new TypingTracker(
      (convId, userId) => this.store.getConversationSnapshot(convId)?.members.find((m) => m.id === userId) ?? null,
      (convId, users) => this.hub.emit('typingChanged', { convId, users }),
    );
  }

  /** Opens the profile's store, restores a remembered session and connects. */
  static async open(options: MessengerOptions): Promise<Messenger> {
    const logger = options.logger ?? createLogger();
    const store = openStore(options.profileDir, { logger: logger.child({ module: 'store' }) });
    const messenger = new Messenger(options, store, logger);
    try {
      await messenger.restore();
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
    if (online) this.link?.connection.networkOnline();
    else this.link?.connection.networkOffline();
  }

  /** Unread messages in conversations that are not muted, for the tray and the dock badge. */
  totalUnread(): number {
    return this.store.listConversations().reduce((sum, c) => sum + (c.muted ? 0 : c.unread), 0);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.failSignIn(new ParleyError(AppErrorCode.Internal, 'the engine is shutting down'));
    this.link?.dispose('closed');
    this.link = null;
    this.typing.dispose();
    this.hub.clear();
    this.store.close();
  }

  // ---- session -------------------------------------------------------------------------------------------

  async getSession(): Promise<SessionState> {
    if (this.session !== null) return { signedIn: true, user: this.session.user, server: this.session.server };
    return {
      signedIn: false,
      lastServer: this.store.getMeta(META_LAST_SERVER) ?? this.options.defaultServer ?? null,
      lastUsername: this.store.getMeta(META_LAST_USERNAME),
      secureStorage: this.options.vault.secureStorage,
      reason: this.sessionEndReason,
    };
  }

  signIn(input: Input<'signIn'>): Promise<User> {
    return this.authenticate('login', input);
  }

  register(input: Input<'register'>): Promise<User> {
    return this.authenticate('register', input);
  }

  async signOut(): Promise<null> {
    const link = this.link;
    this.link = null;
    this.failSignIn(new ParleyError(AppErrorCode.NotSignedIn, 'signed out'));
    if (link?.connection.isAuthenticated) {
      await link.connection.call('logout', {}, { timeoutMs: LOGOUT_TIMEOUT_MS }).catch((error: unknown) => {
        this.logger.info({ error: String(error) }, 'logout call failed; signing out locally');
      });
    }
    link?.dispose('signed out');
    await this.options.vault.clear();
    this.store.setAccount(null);
    this.session = null;
    this.sessionEndReason = null;
    this.typing.clear();
    this.setConnectionState(offlineState('signed out'));
    this.emitSession();
    return null;
  }

  async getConnection(): Promise<ConnectionState> {
    return this.connectionState;
  }

  async getCapabilities(): Promise<Capabilities> {
    return this.options.capabilities;
  }

  private async restore(): Promise<void> {
    const saved = await this.options.vault.load();
    if (saved === null) return;
    const account = this.store.getAccount();
    if (account === null || account.userId !== saved.userId || account.server !== saved.server) {
      this.store.setAccount({ server: saved.server, userId: saved.userId, username: saved.username });
    }
    this.session = { user: { id: saved.userId, username: saved.username }, server: saved.server };
    this.startLink(saved.server, { kind: 'resume', token: saved.token });
  }

  private authenticate(kind: 'login' | 'register', input: Input<'signIn'>): Promise<User> {
    if (this.disposed) return Promise.reject(new ParleyError(AppErrorCode.Internal, 'the engine is closed'));
    if (this.session !== null) return Promise.reject(new ParleyError(AppErrorCode.InvalidInput, 'already signed in; sign out first'));
    this.failSignIn(new ParleyError(AppErrorCode.InvalidInput, 'replaced by a newer sign-in'));
    this.link?.dispose('signing in again');
    this.link = null;
    return new Promise<User>((resolve, reject) => {
      const timeoutMs = this.options.tuning?.signInTimeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
      const timer = setTimeout(
        () => this.failSignIn(new ParleyError(AppErrorCode.ServerUnreachable, `no answer from ${input.server} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.signInAttempt = { staySignedIn: input.staySignedIn, resolve, reject, timer };
      this.startLink(input.server, { kind, username: input.username, password: input.password });
    });
  }

  /** Ends a pending sign-in with an error and drops its connection. */
  private failSignIn(error: ParleyError): void {
    const attempt = this.signInAttempt;
    if (attempt === null) return;
    this.signInAttempt = null;
    clearTimeout(attempt.timer);
    if (this.session === null) {
      this.link?.dispose('sign-in failed');
      this.link = null;
      this.setConnectionState(offlineState(error.message));
    }
    attempt.reject(error);
  }

  private startLink(server: string, credentials: Credentials): void {
    const link: ServerLink = new ServerLink({
      url: server,
      credentials,
      store: this.store,
      timings: this.timings,
      tuning: this.options.tuning ?? {},
      logger: this.logger,
      ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}),
      onAuthenticated: (session) => (link === this.link ? this.authenticated(server, session) : undefined),
      onChanges: (changes, origin, firstSync) => {
        if (link === this.link) this.applied(changes, origin, firstSync);
      },
      onState: (state) => {
        if (link === this.link) this.linkStateChanged(state);
      },
      onTerminated: (failure) => {
        if (link === this.link) void this.linkTerminated(failure);
      },
      onTyping: ({ convId, userId, on }) => {
        if (link === this.link && userId !== this.session?.user.id) this.typing.update(convId, userId, on);
      },
      onPresence: (presence) => {
        if (link === this.link) this.hub.emit('presenceChanged', presence);
      },
    });
    this.link = link;
    link.start();
  }

  private async authenticated(server: string, session: AuthenticatedSession): Promise<void> {
    const user: User = { id: session.user.id, username: session.user.username };
    if (!session.fresh) {
      this.session = { user, server };
      return;
    }
    const attempt = this.signInAttempt;
    this.store.setAccount({ server, userId: user.id, username: user.username });
    this.store.setMeta(META_LAST_SERVER, server);
    this.store.setMeta(META_LAST_USERNAME, user.username);
    try {
      if (attempt?.staySignedIn) await this.options.vault.save({ server, token: session.token, userId: user.id, username: user.username });
      else await this.options.vault.clear();
    } catch (error) {
      // Signed in all the same; the session just will not be remembered across restarts.
      this.logger.error({ error: String(error) }, 'could not update the session vault');
    }
    this.session = { user, server };
    this.sessionEndReason = null;
    this.emitSession();
    if (attempt !== null && this.signInAttempt === attempt) {
      this.signInAttempt = null;
      clearTimeout(attempt.timer);
      attempt.resolve(user);
    }
  }

  private linkStateChanged(state: ConnectionState): void {
    this.setConnectionState(state);
    // A sign-in that cannot even reach the server fails now rather than retrying in the background.
    // (A refusal by the server stops the connection without a retry and arrives through linkTerminated.)
    if (state.state === 'offline' && state.retryAt !== null && this.signInAttempt !== null && this.session === null) {
      this.failSignIn(new ParleyError(AppErrorCode.ServerUnreachable, state.reason));
    }
  }

  private async linkTerminated(failure: TerminalFailure): Promise<void> {
    if (this.signInAttempt !== null && this.session === null) {
      this.failSignIn(terminalToParleyError(failure.code, failure.message));
      return;
    }
    // The token is dead (expired, revoked, signed out elsewhere): forget it, keep the local history and outbox.
    this.link?.dispose(failure.message);
    this.link = null;
    this.session = null;
    this.sessionEndReason = failure.code === 'signed_out' ? 'signed out on another device' : 'session expired';
    this.typing.clear();
    this.setConnectionState(offlineState(failure.message));
    this.emitSession();
    await this.options.vault.clear().catch((error: unknown) => this.logger.error({ error: String(error) }, 'could not clear the vault'));
  }

  private applied(changes: ChangeSet, origin: ApplyOrigin | 'outbox', firstSync: boolean): void {
    try {
      this.hub.changes(changes, { quiet: firstSync });
      if (changes.incoming.length === 0) return;
      for (const { convId, id } of changes.incoming) {
        const senderId = this.store.getMessage(id)?.senderId;
        if (senderId !== undefined) this.typing.stopped(convId, senderId);
      }
      if (origin !== 'outbox') this.link?.messagesStored();
    } catch (error) {
      this.logger.error({ error: String(error) }, 'could not publish changes');
    }
  }

  private setConnectionState(state: ConnectionState): void {
    this.connectionState = state;
    this.hub.emit('connectionChanged', state);
  }

  private emitSession(): void {
    void this.getSession().then((state) => this.hub.emit('sessionChanged', state));
  }

  // ---- local data ----------------------------------------------------------------------------------------

  async listConversations(): Promise<ConversationSummary[]> {
    return this.store.listConversations();
  }

  async pageMessages(input: Input<'pageMessages'>): Promise<CommandOutput<'pageMessages'>> {
    return this.store.pageMessages(input.convId, input.anchor, input.limit);
  }

  async sendMessage(input: Input<'sendMessage'>): Promise<Message> {
    this.requireSession();
    const { message, changes } = this.guard(() =>
      this.store.queueMessage({ id: ulid(), convId: input.convId, text: input.text, ts: Date.now(), ...(input.replyTo ? { replyTo: input.replyTo } : {}) }),
    );
    this.hub.changes(changes);
    this.link?.sendQueued();
    return message;
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
    this.link?.sendQueued();
    return this.messageOrNotFound(input.messageId);
  }

  async markRead(input: Input<'markRead'>): Promise<null> {
    const result = this.guard(() => this.store.markRead(input.convId));
    if (result !== null) {
      this.hub.changes(result.changes);
      this.link?.read(input.convId, result.upTo);
    }
    return null;
  }

  async setTyping(input: Input<'setTyping'>): Promise<null> {
    const connection = this.link?.connection;
    if (connection?.isOnline) {
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
    return this.storeConversation((await this.remote('createGroup', { id: ulid(), title: input.title, memberIds: input.memberIds })).conv);
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
    const { message, changes } = this.guard(() => this.store.queueAction({ id: ulid(), messageId, body, ts: Date.now() }));
    this.hub.changes(changes);
    this.link?.sendQueued();
    return message;
  }

  private async remote<M extends MethodName>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const connection = this.link?.connection;
    if (this.session === null) throw new ParleyError(AppErrorCode.NotSignedIn, 'not signed in');
    if (!connection?.isAuthenticated) throw new ParleyError(AppErrorCode.Offline, `${method} needs a connection to the server`);
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
    if (this.session === null) throw new ParleyError(AppErrorCode.NotSignedIn, 'not signed in');
  }

  private guard<T>(action: () => T): T {
    try {
      return action();
    } catch (error) {
      throw toParleyError(error);
    }
  }
}
