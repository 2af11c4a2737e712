import type { Logger } from 'pino';
import { AppErrorCode, ParleyError } from '../../../shared/contract/errors';
import type { commands } from '../../../shared/contract/commands';
import type { ConnectionState, SessionState, User } from '../../../shared/domain';
import type { z } from 'zod';
import type { Connection } from '../connection/connection';
import type { AuthenticatedSession, Credentials, TerminalFailure } from '../connection/types';
import type { ConnectionTimings } from '../connection/timings';
import type { SessionVault } from '../session/vault';
import type { ChangeSet, OutboxItem, Store } from '../store/types';
import type { ApplyOrigin } from '../sync/syncer';
import { terminalToParleyError } from './errors';
import type { EventHub } from './event-hub';
import { ServerLink, type LinkTuning } from './server-link';
import type { TypingTracker } from './typing';

type SignInInput = z.output<(typeof commands)['signIn']['input']>;

export interface SessionControlOptions {
  store: Store;
  vault: SessionVault;
  hub: EventHub;
  typing: TypingTracker;
  timings: ConnectionTimings;
  tuning: LinkTuning & { signInTimeoutMs?: number };
  logger: Logger;
  ca?: string | Buffer;
  defaultServer?: string;
}

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

export const offlineState = (reason: string): ConnectionState => ({ state: 'offline', reason, rttMs: null, retryAt: null, sync: null });

/**
 * Who is signed in and the link to their server: sign-in and registration (failing fast when the server cannot
 * be reached), restoring a remembered session, sign-out, and the end of a session whose token died.
 */
export class SessionControl {
  private link: ServerLink | null = null;
  private session: { user: User; server: string } | null = null;
  private sessionEndReason: string | null = null;
  private signInAttempt: SignInAttempt | null = null;
  private connectionState = offlineState('signed out');
  private disposed = false;

  constructor(private readonly options: SessionControlOptions) {}

  get signedIn(): boolean {
    return this.session !== null;
  }

  get connection(): ConnectionState {
    return this.connectionState;
  }

  /** The authenticated connection, for calls that need the server; null when there is none. */
  get server(): Connection | null {
    const connection = this.link?.connection;
    return connection?.isAuthenticated ? connection : null;
  }

  /** Online and caught up (typing indicators are only worth sending then). */
  get online(): Connection | null {
    const connection = this.link?.connection;
    return connection?.isOnline ? connection : null;
  }

  state(): SessionState {
    if (this.session !== null) return { signedIn: true, user: this.session.user, server: this.session.server };
    return {
      signedIn: false,
      lastServer: this.options.store.getMeta(META_LAST_SERVER) ?? this.options.defaultServer ?? null,
      lastUsername: this.options.store.getMeta(META_LAST_USERNAME),
      secureStorage: this.options.vault.secureStorage,
      reason: this.sessionEndReason,
    };
  }

  signIn(kind: 'login' | 'register', input: SignInInput): Promise<User> {
    return this.authenticate(kind, input);
  }

  async signOut(): Promise<void> {
    const link = this.link;
    this.link = null;
    this.failSignIn(new ParleyError(AppErrorCode.NotSignedIn, 'signed out'));
    if (link?.connection.isAuthenticated) {
      await link.connection.call('logout', {}, { timeoutMs: LOGOUT_TIMEOUT_MS }).catch((error: unknown) => {
        this.options.logger.info({ error: String(error) }, 'logout call failed; signing out locally');
      });
    }
    link?.dispose('signed out');
    await this.options.vault.clear();
    this.options.store.setAccount(null);
    this.session = null;
    this.sessionEndReason = null;
    this.options.typing.clear();
    this.setConnectionState(offlineState('signed out'));
    this.emitSession();
  }

  networkChanged(online: boolean): void {
    if (online) this.link?.connection.networkOnline();
    else this.link?.connection.networkOffline();
  }

  sendQueued(): void {
    this.link?.sendQueued();
  }

  postAhead(items: OutboxItem[]): boolean {
    return this.link?.postAhead(items) ?? false;
  }

  read(convId: string, upTo: number): void {
    this.link?.read(convId, upTo);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.failSignIn(new ParleyError(AppErrorCode.Internal, 'the engine is shutting down'));
    this.link?.dispose('closed');
    this.link = null;
  }

  async restore(): Promise<void> {
    const saved = await this.options.vault.load();
    if (saved === null) return;
    const account = this.options.store.getAccount();
    if (account === null || account.userId !== saved.userId || account.server !== saved.server) {
      this.options.store.setAccount({ server: saved.server, userId: saved.userId, username: saved.username });
    }
    this.session = { user: { id: saved.userId, username: saved.username }, server: saved.server };
    this.startLink(saved.server, { kind: 'resume', token: saved.token });
  }

  private authenticate(kind: 'login' | 'register', input: SignInInput): Promise<User> {
    if (this.disposed) return Promise.reject(new ParleyError(AppErrorCode.Internal, 'the engine is closed'));
    if (this.session !== null) return Promise.reject(new ParleyError(AppErrorCode.InvalidInput, 'already signed in; sign out first'));
    this.failSignIn(new ParleyError(AppErrorCode.InvalidInput, 'replaced by a newer sign-in'));
    this.link?.dispose('signing in again');
    this.link = null;
    return new Promise<User>((resolve, reject) => {
      const timeoutMs = this.options.tuning.signInTimeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS;
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
      store: this.options.store,
      timings: this.options.timings,
      tuning: this.options.tuning,
      logger: this.options.logger,
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
        if (link === this.link && userId !== this.session?.user.id) this.options.typing.update(convId, userId, on);
      },
      onPresence: (presence) => {
        if (link === this.link) this.options.hub.emit('presenceChanged', presence);
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
    this.options.store.setAccount({ server, userId: user.id, username: user.username });
    this.options.store.setMeta(META_LAST_SERVER, server);
    this.options.store.setMeta(META_LAST_USERNAME, user.username);
    try {
      if (attempt?.staySignedIn) await this.options.vault.save({ server, token: session.token, userId: user.id, username: user.username });
      else await this.options.vault.clear();
    } catch (error) {
      // Signed in all the same; the session just will not be remembered across restarts.
      this.options.logger.error({ error: String(error) }, 'could not update the session vault');
    }
    // The sign-in may have timed out or been replaced while the vault was written.
    if (attempt !== null && this.signInAttempt !== attempt) {
      await this.options.vault.clear().catch(() => undefined);
      return;
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
    this.options.typing.clear();
    this.setConnectionState(offlineState(failure.message));
    this.emitSession();
    await this.options.vault.clear().catch((error: unknown) => this.options.logger.error({ error: String(error) }, 'could not clear the vault'));
  }

  private applied(changes: ChangeSet, origin: ApplyOrigin | 'outbox', firstSync: boolean): void {
    try {
      this.options.hub.changes(changes, { quiet: firstSync });
      if (changes.incoming.length === 0) return;
      for (const { convId, id } of changes.incoming) {
        // Most messages arrive while nobody is shown typing: no need to read the message then.
        if (!this.options.typing.anyoneIn(convId)) continue;
        const senderId = this.options.store.getMessage(id)?.senderId;
        if (senderId !== undefined) this.options.typing.stopped(convId, senderId);
      }
      if (origin !== 'outbox') this.link?.messagesStored();
    } catch (error) {
      this.options.logger.error({ error: String(error) }, 'could not publish changes');
    }
  }

  private setConnectionState(state: ConnectionState): void {
    this.connectionState = state;
    this.options.hub.emit('connectionChanged', state);
  }

  private emitSession(): void {
    this.options.hub.emit('sessionChanged', this.state());
  }
}
